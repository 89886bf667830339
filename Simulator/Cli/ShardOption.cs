using System.CommandLine;
using System.Globalization;

namespace ReplicaSim.Cli;

/// <summary>
/// <c>--shard K/N</c>, <c>--shard auto</c> and <c>--shard auto/N</c> for any command that splits its runs over a
/// job array (sweep; assess will take the same option). <c>auto</c> reads the task from the scheduler's
/// environment: a Slurm job array, a Kubernetes Indexed Job or an AWS Batch array job. Environment variables
/// are read here, in the command-line layer, and nowhere else.
/// </summary>
internal static class ShardOption
{
    public const string SlurmId = "SLURM_ARRAY_TASK_ID";
    public const string SlurmMin = "SLURM_ARRAY_TASK_MIN";
    public const string SlurmMax = "SLURM_ARRAY_TASK_MAX";
    public const string SlurmCount = "SLURM_ARRAY_TASK_COUNT";
    public const string SlurmStep = "SLURM_ARRAY_TASK_STEP";
    public const string KubernetesIndex = "JOB_COMPLETION_INDEX";
    public const string AwsBatchIndex = "AWS_BATCH_JOB_ARRAY_INDEX";

    public static Option<string?> Create(string what) => new("--shard")
    {
        Description = $"run only part K of N (1-based) of the {what} and write a shard file for 'replicasim merge'; " +
                      $"'auto' takes K and N from a Slurm job array ({SlurmId}), 'auto/N' also from a Kubernetes Indexed Job " +
                      $"({KubernetesIndex}) or an AWS Batch array job ({AwsBatchIndex})",
    };

    /// <summary>Resolves the option's text from the process's environment.</summary>
    public static Shard Resolve(string text) => Resolve(text, Environment.GetEnvironmentVariable);

    /// <summary>Resolves the option's text; <paramref name="environment"/> gives a variable's value or null when unset.</summary>
    public static Shard Resolve(string text, Func<string, string?> environment)
    {
        var spec = text.Trim();
        if (spec.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return FromScheduler(null, environment);
        }
        if (spec.StartsWith("auto/", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(spec[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new UsageException($"--shard auto/N needs a whole number N >= 1, the number of tasks in the array (got \"{text}\")");
            }
            return FromScheduler(n, environment);
        }
        var bits = spec.Split('/');
        if (bits.Length != 2 || !int.TryParse(bits[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k) ||
            !int.TryParse(bits[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parts) || parts < 1 || k < 1 || k > parts)
        {
            throw new UsageException($"--shard must be K/N with 1 <= K <= N (e.g. --shard 3/8), auto or auto/N (got \"{text}\")");
        }
        return new Shard(k, parts);
    }

    private static Shard FromScheduler(int? given, Func<string, string?> environment)
    {
        string? Get(string name) => environment(name) is { Length: > 0 } v ? v.Trim() : null;
        var found = new[] { SlurmId, KubernetesIndex, AwsBatchIndex }.Where(v => Get(v) is not null).ToList();
        if (found.Count == 0)
        {
            var hint = Get("SLURM_JOB_ID") is not null
                ? $" (this is a Slurm job, but not a job array: submit it with sbatch --array=1-N)"
                : "";
            throw new UserFacingException(
                $"--shard auto: no job array task found{hint}; looked for {SlurmId} (Slurm job array), {KubernetesIndex} " +
                $"(Kubernetes Indexed Job) and {AwsBatchIndex} (AWS Batch array job). Outside a scheduler, give --shard K/N.");
        }
        if (found.Count > 1)
        {
            throw new UserFacingException($"--shard auto: {string.Join(" and ", found)} are all set, so the task is ambiguous; " +
                                          "unset the ones that do not belong to this job, or give --shard K/N");
        }
        return found[0] switch
        {
            SlurmId => FromSlurm(given, Get),
            KubernetesIndex => FromZeroBased(KubernetesIndex, "a Kubernetes Indexed Job", "completions", given, Get),
            _ => FromZeroBased(AwsBatchIndex, "an AWS Batch array job", "the array size", given, Get),
        };
    }

    /// <summary>Slurm: shard = (id - min) / step + 1 of count; arrays may start at 0, 1 or anywhere, but must have no gaps.</summary>
    private static Shard FromSlurm(int? given, Func<string, string?> get)
    {
        var id = Number(SlurmId, get, required: true)!.Value;
        var min = Number(SlurmMin, get, required: true)!.Value;
        var step = Number(SlurmStep, get, required: false) ?? 1;
        var count = Number(SlurmCount, get, required: false);
        var max = Number(SlurmMax, get, required: false);
        if (count is null)
        {
            if (given is null)
            {
                throw new UserFacingException($"--shard auto: {SlurmCount} is not set (Slurm before 17.11?); give the number of tasks as --shard auto/N");
            }
            count = given;
        }
        if (step < 1 || (id - min) % step != 0)
        {
            throw new UserFacingException($"--shard auto: {SlurmId}={id} is not on the array's step ({SlurmMin}={min}, {SlurmStep}={step})");
        }
        if (max is { } m && (m - min) / step + 1 != count)
        {
            throw new UserFacingException($"--shard auto: the Slurm array has gaps ({SlurmMin}={min}, {SlurmMax}={m}, {SlurmCount}={count}); " +
                                          "submit one task per shard without gaps, e.g. sbatch --array=1-N (a %limit is fine)");
        }
        var part = ((id - min) / step) + 1;
        if (part < 1 || part > count)
        {
            throw new UserFacingException($"--shard auto: {SlurmId}={id} lies outside the array ({SlurmMin}={min}, {SlurmCount}={count})");
        }
        if (given is { } n && n != count)
        {
            throw new UserFacingException($"--shard auto/{n} does not agree with the Slurm array, which has {SlurmCount}={count} tasks; " +
                                          $"submit it with --array of {n} tasks or change N");
        }
        return new Shard(part, count.Value);
    }

    /// <summary>Kubernetes and AWS Batch: a 0-based index, and the count from <c>auto/N</c> since they do not export it.</summary>
    private static Shard FromZeroBased(string variable, string scheduler, string countName, int? given, Func<string, string?> get)
    {
        var index = Number(variable, get, required: true)!.Value;
        if (given is not { } n)
        {
            throw new UserFacingException($"--shard auto: {variable} is set ({scheduler}), but it does not say how many tasks there are; " +
                                          $"give them as --shard auto/N with N = {countName}");
        }
        if (index < 0 || index >= n)
        {
            throw new UserFacingException($"--shard auto/{n}: {variable}={index} is outside 0..{n - 1}, so {countName} does not agree with N={n}");
        }
        return new Shard(index + 1, n);
    }

    private static int? Number(string name, Func<string, string?> get, bool required)
    {
        var text = get(name);
        if (text is null)
        {
            return required ? throw new UserFacingException($"--shard auto: {name} is not set") : null;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new UserFacingException($"--shard auto: {name}=\"{text}\" is not a whole number");
        }
        return value;
    }
}
