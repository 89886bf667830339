using System.CommandLine;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;

namespace ReplicaSim.Cli;

/// <summary><c>replicasim merge SHARDS...</c>: the shard files of a sweep into the same outputs as an unsharded run.</summary>
internal static class MergeCommand
{
    public static Command Build(TextWriter stdout)
    {
        var files = new Argument<FileInfo[]>("shards") { Description = "sweep-shard-K-of-N.json or assess-shard-K-of-N.json files (a folder stands for the shard files in it)", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "output folder (default: the first shard's folder)" };
        var command = new Command("merge", "Merge the shard files of a sharded sweep (or assessment) into sweep.csv, sweep.json and charts (assessment.json, report.md, ...), byte for byte as an unsharded run writes them.");
        command.Arguments.Add(files);
        command.Options.Add(outDir);
        command.SetAction(parse =>
        {
            var paths = new List<string>();
            foreach (var f in parse.GetValue(files)!)
            {
                if (Directory.Exists(f.FullName))
                {
                    var found = Directory.GetFiles(f.FullName, "sweep-shard-*.json").Order(StringComparer.Ordinal).ToList();
                    if (found.Count == 0)
                    {
                        found = [.. Directory.GetFiles(f.FullName, "assess-shard-*.json").Order(StringComparer.Ordinal)];
                    }
                    if (found.Count == 0)
                    {
                        throw new UserFacingException($"{f.FullName}: no shard files (sweep-shard-K-of-N.json or assess-shard-K-of-N.json) in this folder");
                    }
                    paths.AddRange(found);
                }
                else if (f.Exists)
                {
                    paths.Add(f.FullName);
                }
                else
                {
                    throw new UserFacingException($"{f.FullName}: no such file or folder");
                }
            }
            if (paths.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                // Named twice (or named and in a folder named too): each shard must be there once.
                throw new UserFacingException($"{twice.Key} is given twice; each shard file once; nothing was written");
            }
            if (paths.Any(AssessmentFiles.IsShard))
            {
                return MergeAssessment(paths, parse.GetValue(outDir)?.FullName, stdout);
            }
            var shards = new List<SweepShard>();
            var unreadable = new List<string>();
            foreach (var p in paths)
            {
                try
                {
                    shards.Add(SweepFiles.ReadShard(p));
                }
                catch (FormatException e)
                {
                    unreadable.Add(e.Message);
                }
            }
            if (unreadable.Count > 0)
            {
                throw new UserFacingException(string.Join(Environment.NewLine, unreadable) + Environment.NewLine + "nothing was written");
            }
            var headers = shards.Select((s, i) => new ShardHeader(paths[i], s.Fingerprint, s.Shard, s.Shards)).ToList();
            ShardSet.Check(Enumerable.Range(0, shards.Count).ToList(), i => headers[i], (a, b) => SweepFiles.Differences(shards[a], shards[b]));
            var definition = shards[0].Definition;
            var runs = shards.SelectMany(s => s.Runs).ToList();
            // Each shard must hold exactly the runs its part selects, so that the merge equals the unsharded run.
            for (var i = 0; i < shards.Count; i++)
            {
                var s = shards[i];
                if (!s.Runs.Select(r => r.Index).Order().SequenceEqual(new Shard(s.Shard, s.Shards).Select(definition.Runs)))
                {
                    throw new UserFacingException($"{paths[i]} does not hold the runs of shard {s.Shard} of {s.Shards}; nothing was written");
                }
            }
            var dir = parse.GetValue(outDir)?.FullName ?? Path.GetDirectoryName(Path.GetFullPath(paths[0]))!;
            runs.Sort((a, b) => a.Index.CompareTo(b.Index));
            SweepRunner.Write(dir, definition, runs);
            SweepCommand.PrintTable(stdout, definition, SweepAggregator.Aggregate(definition, runs));
            stdout.WriteLine($"merged {paths.Count} shards into {dir}{Path.DirectorySeparatorChar}");
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The shard files of an assessment into the outputs of an unsharded <c>assess</c>.</summary>
    private static int MergeAssessment(List<string> paths, string? outDir, TextWriter stdout)
    {
        var shards = new List<AssessmentShard>();
        var unreadable = new List<string>();
        foreach (var p in paths)
        {
            try
            {
                shards.Add(AssessmentFiles.ReadShard(p));
            }
            catch (FormatException e)
            {
                unreadable.Add(e.Message);
            }
        }
        if (unreadable.Count > 0)
        {
            throw new UserFacingException(string.Join(Environment.NewLine, unreadable) + Environment.NewLine + "nothing was written");
        }
        var headers = shards.Select((s, i) => new ShardHeader(paths[i], s.Fingerprint, s.Shard, s.Shards)).ToList();
        ShardSet.Check(Enumerable.Range(0, shards.Count).ToList(), i => headers[i], (a, b) => AssessmentFiles.Differences(shards[a], shards[b]));
        // Any shard run with --allow-large: the merged report's command to reproduce it needs it too.
        var definition = shards[0].Definition with { AllowLarge = shards.Any(s => s.Definition.AllowLarge) };
        for (var i = 0; i < shards.Count; i++)
        {
            var s = shards[i];
            if (!s.Runs.Select(r => r.Index).Order().SequenceEqual(new Shard(s.Shard, s.Shards).Select(definition.Runs)))
            {
                throw new UserFacingException($"{paths[i]} does not hold the runs of shard {s.Shard} of {s.Shards}; nothing was written");
            }
        }
        var runs = shards.SelectMany(s => s.Runs).OrderBy(r => r.Index).ToList();
        var dir = outDir ?? Path.GetDirectoryName(Path.GetFullPath(paths[0]))!;
        var result = Assessor.Assess(definition, shards[0].Policy, runs);
        AssessCommand.Write(dir, result, runs);
        stdout.Write(AssessmentReport.Text(result));
        stdout.WriteLine($"merged {paths.Count} shards into {dir}{Path.DirectorySeparatorChar}");
        return CliApp.Ok;
    }
}
