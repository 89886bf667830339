using System.Diagnostics;
using System.Text.RegularExpressions;
using ReplicaSim.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace ReplicaSim.Tests.Deploy;

/// <summary>The shipped recipes under deploy/ agree with themselves and with the tool.</summary>
public sealed partial class DeployTests
{
    private static string Repo => TestScenario.RepoRoot();

    private static List<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }
            node = next;
        }
        return node;
    }

    private static string? Scalar(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    private static List<string> Strings(YamlNode? node) =>
        node is YamlSequenceNode seq ? [.. seq.Children.Select(c => ((YamlScalarNode)c).Value!)] : [];

    private static IEnumerable<YamlMappingNode> Containers(YamlNode job, string list = "containers") =>
        At(job, "spec", "template", "spec", list) is YamlSequenceNode seq ? seq.Children.Cast<YamlMappingNode>() : [];

    private static string Claim(YamlNode job) =>
        ((YamlSequenceNode)At(job, "spec", "template", "spec", "volumes")!).Children.Select(v => Scalar(v, "persistentVolumeClaim", "claimName")).Single()!;

    [Test]
    public void KubernetesManifest_IsAnIndexedJobWhoseCompletionsEqualTheShardCount_ThenAMerge()
    {
        var docs = Documents(Path.Combine(Repo, "deploy", "kubernetes", "sweep.yaml"));
        var jobs = docs.Where(d => Scalar(d, "kind") == "Job").ToList();
        var sweep = jobs.Single(j => Scalar(j, "spec", "completionMode") == "Indexed");
        var completions = int.Parse(Scalar(sweep, "spec", "completions")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(int.Parse(Scalar(sweep, "spec", "parallelism")!, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, completions));
        Assert.That(Scalar(sweep, "spec", "template", "spec", "restartPolicy"), Is.EqualTo("Never"));

        var args = Strings(At(Containers(sweep).Single(), "args"));
        Assert.That(args[0], Is.EqualTo("sweep"));
        Assert.That(File.Exists(Path.Combine(Repo, args[1])), Is.True, $"{args[1]} is in the scenario library the image ships");
        var shard = args[args.IndexOf("--shard") + 1];
        Assert.That(shard, Is.EqualTo($"auto/{completions}"), "--shard auto/N with N = completions");
        var outDir = args[args.IndexOf("--out") + 1];

        // The merge: its own Job, on the same volume, merging the same folder after N shard files exist.
        var merge = jobs.Single(j => j != sweep);
        Assert.That(Strings(At(Containers(merge).Single(), "args")), Is.EqualTo(new[] { "merge", outDir, "--out", outDir }));
        var wait = string.Join(" ", Strings(At(Containers(merge, "initContainers").Single(), "args")));
        Assert.That(wait, Does.Contain($"{outDir}/sweep-shard-*-of-{completions}.json").And.Contain($"-ge {completions}"));
        Assert.That(Claim(merge), Is.EqualTo(Claim(sweep)));
        var mounts = Containers(sweep).Concat(Containers(merge)).Select(c => Scalar(((YamlSequenceNode)At(c, "volumeMounts")!).Children[0], "mountPath")!);
        Assert.That(mounts.All(m => outDir.StartsWith(m + "/", StringComparison.Ordinal)), Is.True, "the output folder is on the shared volume");

        var claim = docs.Single(d => Scalar(d, "kind") == "PersistentVolumeClaim");
        Assert.That(Scalar(claim, "metadata", "name"), Is.EqualTo(Claim(sweep)));
        Assert.That(Strings(At(claim, "spec", "accessModes")), Does.Contain("ReadWriteMany"), "pods on several nodes write to it");
    }

    [Test]
    public void SlurmScript_MergesOnlyAfterEveryTaskSucceeded()
    {
        var script = File.ReadAllText(Path.Combine(Repo, "deploy", "slurm", "sweep.sbatch"));
        Assert.That(script, Does.Contain("--array=\"1-$shards\""));
        Assert.That(script, Does.Contain("--dependency=\"afterok:$array\""));
        Assert.That(script, Does.Contain("--shard \"auto/$shards\""));
    }

    /// <summary>
    /// The sbatch's task and merge modes, run as Slurm would run them (the array variables set), without
    /// Slurm: two tasks and the merge give the unsharded run's files; a task of an array of another size fails;
    /// a shard run again by its number is the same file.
    /// </summary>
    [Test]
    public void SlurmScript_TasksAndMerge_GiveTheUnshardedResult()
    {
        var bash = new[] { "/bin/bash", "/usr/bin/bash" }.FirstOrDefault(File.Exists);
        Assume.That(bash, Is.Not.Null, "needs bash");
        var dll = typeof(ReplicaSim.Cli.CliApp).Assembly.Location;
        var dotnet = Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "dotnet";
        var file = TestScenario.WriteTemp("""
            { "name": "isolation", "duration": "1m", "loadBalancer": { "policy": "random" },
              "storage": { "kind": "sqlite-per-container" }, "workload": { "arrivalRate": 20, "clients": 100 } }
            """);
        var dir = Path.GetDirectoryName(file)!;
        // sweep.json names the scenario file as given, so every run here starts in its folder.
        string[] sweep = [Path.GetFileName(file), "--param", "service.replicas=1,2", "--seeds", "3"];

        int Exec(string program, string[] args, params (string, string)[] env)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }
            start.Environment["REPLICASIM"] = $"{dotnet} {dll}";
            foreach (var (name, value) in env)
            {
                start.Environment[name] = value;
            }
            using var p = Process.Start(start)!;
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            TestContext.Out.WriteLine(stderr.Result);
            return p.ExitCode;
        }

        int Sbatch(string[] args, params (string, string)[] env) => Exec(bash!, [Path.Combine(Repo, "deploy", "slurm", "sweep.sbatch"), .. args], env);

        Assert.That(Exec(dotnet, [dll, "sweep", .. sweep, "--out", "whole"]), Is.EqualTo(0));
        var parts = Path.Combine(dir, "parts");
        for (var id = 0; id < 2; id++)
        {
            // An array submitted as --array=0-1: shards 1 and 2 of 2.
            var code = Sbatch(["--task", "2", parts, .. sweep], ("SLURM_ARRAY_TASK_ID", $"{id}"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_COUNT", "2"));
            Assert.That(code, Is.EqualTo(0), $"task {id}");
        }
        Assert.That(Sbatch(["--task", "3", parts, .. sweep], ("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "2")),
            Is.EqualTo(1), "the array's size disagrees with SHARDS");
        // A failed task run again by its number (--one K N) writes the same shard file.
        var second = Path.Combine(parts, "sweep-shard-2-of-2.json");
        var bytes = File.ReadAllBytes(second);
        File.Delete(second);
        Assert.That(Sbatch(["--one", "2", "2", parts, .. sweep]), Is.EqualTo(0));
        Assert.That(File.ReadAllBytes(second), Is.EqualTo(bytes));
        Assert.That(Sbatch(["--merge", "2", parts]), Is.EqualTo(0));
        foreach (var name in new[] { "sweep.csv", "sweep.json", "runs.csv" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(parts, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(dir, "whole", name))), name);
        }
    }

    [Test]
    public void ContainerRecipe_ShipsTheToolWithItsScenarioLibrary()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Repo, "deploy", "container", "Dockerfile"));
        Assert.That(FromLines().Matches(dockerfile).Select(m => m.Groups[1].Value),
            Is.EqualTo(new[] { "mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/runtime:10.0" }), "built on the SDK, run on the runtime image");
        var final = dockerfile[dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        Assert.That(final, Does.Contain("COPY --from=build /app /app").And.Contain("COPY scenarios/ scenarios/"));
        Assert.That(final, Does.Contain("ENTRYPOINT [\"dotnet\", \"/app/replicasim.dll\"]"));
        // The Kubernetes manifest names scenarios relative to the image's working folder, where the library is copied.
        Assert.That(final.IndexOf("WORKDIR ", StringComparison.Ordinal), Is.InRange(0, final.IndexOf("COPY scenarios/", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"^FROM (\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLines();
}
