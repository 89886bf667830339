using System.CommandLine;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;

namespace ReplicaSim.Cli;

/// <summary><c>replicasim merge SHARDS...</c>: the shard files of a sweep into the same outputs as an unsharded run.</summary>
internal static class MergeCommand
{
    public static Command Build(TextWriter stdout)
    {
        var files = new Argument<FileInfo[]>("shards") { Description = "sweep-shard-K-of-N.json files (a folder stands for the shard files in it)", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "output folder (default: the first shard's folder)" };
        var command = new Command("merge", "Merge the shard files of a sharded sweep into sweep.csv, sweep.json and charts, byte for byte as an unsharded run writes them.");
        command.Arguments.Add(files);
        command.Options.Add(outDir);
        command.SetAction(parse =>
        {
            var paths = new List<string>();
            foreach (var f in parse.GetValue(files)!)
            {
                if (Directory.Exists(f.FullName))
                {
                    paths.AddRange(Directory.GetFiles(f.FullName, "sweep-shard-*.json").Order(StringComparer.Ordinal));
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
            if (paths.Count == 0)
            {
                throw new UserFacingException("no shard files given");
            }
            SweepDefinition? definition = null;
            var shards = 0;
            var seen = new HashSet<int>();
            var runs = new List<SweepRun>();
            foreach (var p in paths)
            {
                (SweepDefinition Definition, int Shard, int Shards, IReadOnlyList<SweepRun> Runs) shard;
                try
                {
                    shard = SweepFiles.ReadShard(p);
                }
                catch (FormatException e)
                {
                    throw new UserFacingException(e.Message);
                }
                if (definition is null)
                {
                    (definition, shards) = (shard.Definition, shard.Shards);
                }
                else if (!SweepFiles.Same(definition, shard.Definition) || shards != shard.Shards)
                {
                    throw new UserFacingException($"{p} belongs to another sweep than {paths[0]}");
                }
                if (!seen.Add(shard.Shard))
                {
                    throw new UserFacingException($"shard {shard.Shard} of {shards} is given twice");
                }
                runs.AddRange(shard.Runs);
            }
            var missing = Enumerable.Range(1, shards).Where(k => !seen.Contains(k)).ToList();
            if (missing.Count > 0)
            {
                throw new UserFacingException($"missing shard(s) {string.Join(", ", missing)} of {shards}");
            }
            if (runs.Select(r => r.Index).Order().SequenceEqual(Enumerable.Range(0, definition!.Runs)) is false)
            {
                throw new UserFacingException("the shards do not hold every run of the sweep exactly once");
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
}
