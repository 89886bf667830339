using System.CommandLine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>
/// <c>replicasim compare FILE...</c>: several scenarios, or the variants of one file, on the same traffic
/// and faults (one seed for all), side by side.
/// </summary>
internal static class CompareCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "scenario files or library names; a file with variants stands for each of them", Arity = ArgumentArity.OneOrMore };
        var options = new ScenarioOptions();
        var command = new Command("compare", "Run several scenarios (or the variants of one file) on the same traffic and faults; print them side by side, " +
                                             "write a folder per variant, comparison.json, comparison charts and report.md.");
        command.Arguments.Add(files);
        options.AddTo(command, withVariant: false, defaultOut: "output/<scenario-name>/; for several files output/<file>-vs-<file>/");
        command.SetAction(parse =>
        {
            var shown = new List<string>();
            var paths = new List<string>();
            foreach (var given in parse.GetValue(files)!)
            {
                paths.Add(ScenarioFolder.Resolve(given, out var name));
                shown.Add(name);
            }
            var sets = options.Sets(parse);
            var scenarios = Load(paths, options.LoadOptions(parse, withVariant: false), stderr);
            var first = scenarios[0];
            var title = paths.Count == 1 ? first.Name : string.Join("-vs-", paths.Select(Path.GetFileNameWithoutExtension));
            var outDir = parse.GetValue(options.Out)?.FullName ?? Path.Combine("output", title);
            using var staging = OutputStaging.Begin(outDir);
            var runs = new RunSummary[scenarios.Count];
            // A long run (a year of faults) prints a progress line per variant on standard error, as run does.
            Parallel.For(0, scenarios.Count, i => runs[i] = Runner.Run(scenarios[i], RunProgress.IsLong(scenarios[i]) ? [new RunProgress(stderr)] : []));
            var repro = "replicasim compare " + string.Join(" ", shown.Select(ShellWords.Quote)) + $" --seed {first.Seed}" + ShellWords.Sets(sets) +
                        (parse.GetValue(options.AllowLarge) ? " --allow-large" : "");
            for (var i = 0; i < runs.Length; i++)
            {
                var name = Charts.VariantName(runs[i]);
                OutputWriter.WriteRun(runs[i], Path.Combine(staging.Folder, name), repro);
            }
            var description = paths.Count == 1 ? first.Description : string.Join(" ", scenarios.Select(s => s.Description).Distinct());
            OutputWriter.WriteComparison(runs, staging.Folder, title, description, repro);
            staging.Commit();
            stdout.WriteLine($"{title} (seed {first.Seed})");
            stdout.WriteLine("  " + ComparisonNotes.Sentence(scenarios));
            foreach (var r in runs)
            {
                if (Answer.Of(r) is { } answer)
                {
                    stdout.WriteLine($"  answer, {Charts.VariantName(r)}: {answer.Sentence}");
                }
            }
            stdout.Write(SummaryTable.RenderSideBySide(runs));
            if (OperationsTable.Applies(runs) && runs.Length > 1)
            {
                stdout.WriteLine("  ranked by total per month (infrastructure + operations): " +
                    string.Join(", ", OperationsTable.RankedByTotal(runs).Select((r, i) => $"{i + 1}. {Charts.VariantName(r)} {Format.Usd(r.Cost.TotalUsd)}")));
            }
            stdout.WriteLine($"wrote {Path.GetFullPath(outDir)}{Path.DirectorySeparatorChar} (report.md, comparison.json, charts, one folder per variant)");
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Every file's variants, all on one seed so that they see the same traffic and faults.</summary>
    internal static IReadOnlyList<Scenario> Load(IReadOnlyList<string> paths, LoadOptions load, TextWriter stderr)
    {
        var seed = load.Seed;
        var all = new List<Scenario>();
        var errors = new List<ScenarioError>();
        foreach (var p in paths)
        {
            try
            {
                all.AddRange(ScenarioLoader.LoadVariants(p, load));
            }
            catch (ScenarioException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        if (errors.Count > 0)
        {
            throw new ScenarioException(errors);
        }
        var common = seed ?? all[0].Seed;
        var reseeded = new List<string>();
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Seed != common)
            {
                reseeded.Add($"{all[i].Name} (not {all[i].Seed})");
                all[i] = all[i] with { Seed = common };
            }
        }
        if (reseeded.Count > 0)
        {
            stderr.WriteLine($"note: every run uses seed {common}, including {string.Join(", ", reseeded.Distinct())}");
        }
        var names = all.Select(s => s.Variant.Length > 0 ? s.Variant : s.Name).ToList();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new UserFacingException($"two variants are both named \"{duplicate.Key}\": each needs its own output folder");
        }
        return all;
    }
}
