using System.Globalization;

namespace ReplicaSim.Cli;

/// <summary>
/// Checks that a set of shard files is exactly one complete job: one definition (fingerprint and shard
/// count), every part from 1 to N, none twice. Every problem is named in one message, so a merge on a
/// cluster says at once which tasks to run again; nothing is written unless the set is complete.
/// Shared by every command that merges shards (sweep now, assess later).
/// </summary>
internal static class ShardSet
{
    /// <summary>Throws a <see cref="UserFacingException"/> naming every problem; <paramref name="describe"/> says how two groups differ.</summary>
    public static void Check<T>(IReadOnlyList<T> shards, Func<T, ShardHeader> header, Func<T, T, IReadOnlyList<string>> describe)
    {
        var problems = new List<string>();
        var groups = shards.GroupBy(s => (header(s).Fingerprint, header(s).Parts)).OrderByDescending(g => g.Count()).ToList();
        if (groups.Count > 1)
        {
            var main = groups[0];
            problems.Add($"the files belong to {groups.Count} different definitions; {main.Count()} of them to one " +
                         $"(of {main.Key.Parts} shards, e.g. {header(main.First()).Path}), and these to another:");
            foreach (var other in groups.Skip(1))
            {
                var differs = describe(main.First(), other.First());
                var why = differs.Count > 0 ? string.Join(", ", differs) : "fingerprint";
                foreach (var s in other)
                {
                    problems.Add($"  {header(s).Path}: differs in {why}");
                }
            }
            problems.Add("  remove the files of the other definition (or merge them separately)");
        }
        else
        {
            var parts = groups[0].Key.Parts;
            foreach (var dup in shards.GroupBy(s => header(s).Part).Where(g => g.Count() > 1).OrderBy(g => g.Key))
            {
                problems.Add($"shard {dup.Key} of {parts} is given {dup.Count()} times: {string.Join(", ", dup.Select(s => header(s).Path))}");
            }
            foreach (var s in shards.Where(s => header(s).Part < 1 || header(s).Part > parts))
            {
                problems.Add($"{header(s).Path}: shard {header(s).Part} is outside 1..{parts}");
            }
            var present = shards.Select(s => header(s).Part).ToHashSet();
            var missing = Enumerable.Range(1, parts).Where(k => !present.Contains(k)).ToList();
            if (missing.Count > 0)
            {
                var again = string.Join(", ", missing.Select(k => $"--shard {k}/{parts}"));
                problems.Add(missing.Count == 1
                    ? $"{Missing(missing, parts)}; run that task again ({again}, or the array task of that number)"
                    : $"{Missing(missing, parts)}; run those tasks again ({again}, or the array tasks of those numbers)");
            }
        }
        if (problems.Count > 0)
        {
            throw new UserFacingException(string.Join(Environment.NewLine, problems) + Environment.NewLine + "nothing was written");
        }
    }

    /// <summary>"shard 3 of 8 is missing", "shards 3 and 7 of 8 are missing", "shards 2, 3 and 7 of 8 are missing".</summary>
    public static string Missing(IReadOnlyList<int> missing, int parts)
    {
        var names = missing.Select(k => k.ToString(CultureInfo.InvariantCulture)).ToList();
        return names.Count == 1
            ? $"shard {names[0]} of {parts} is missing"
            : $"shards {string.Join(", ", names.Take(names.Count - 1))} and {names[^1]} of {parts} are missing";
    }
}
