using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>
/// Where scenarios come from: a <c>scenarios/</c> folder in the current folder or a parent (the repository,
/// or a teacher's own copy), else the library shipped inside the tool, next to <c>replicasim.dll</c>.
/// </summary>
internal static class ScenarioFolder
{
    /// <summary>The library that ships with the program (copied beside it at build and inside the tool package).</summary>
    public static string BuiltIn => Path.Combine(AppContext.BaseDirectory, "scenarios");

    /// <summary>The nearest <c>scenarios/</c> above the current folder, or null.</summary>
    public static string? Local()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scenarios");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The folder <c>list</c> shows: the local one if there is one, else the built-in library.</summary>
    public static string Find() => Local() ?? BuiltIn;

    /// <summary>
    /// A scenario file from what the user typed: an existing path as it is, else a library name
    /// (<c>lesson</c> or <c>lesson.json</c>) looked up in the local <c>scenarios/</c>, then in the built-in library.
    /// Returns the path to read (relative to the current folder when it is below it, so messages stay short);
    /// <paramref name="shown"/> is what to print and to quote in "reproduce with" lines.
    /// </summary>
    public static string Resolve(string given, out string shown)
    {
        if (File.Exists(given) || given.Contains('/', StringComparison.Ordinal) || given.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            // A path: as typed (the loader says what is wrong if it cannot be read).
            var full = Path.GetFullPath(given);
            var rel = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
            shown = rel.StartsWith("..", StringComparison.Ordinal) ? full : rel.Replace('\\', '/');
            return shown;
        }
        var file = given.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? given : given + ".json";
        foreach (var folder in new[] { Local(), BuiltIn })
        {
            if (folder is not null && File.Exists(Path.Combine(folder, file)))
            {
                shown = given;
                return Path.Combine(folder, file);
            }
        }
        var names = Names(BuiltIn).Concat(Local() is { } local ? Names(local) : []).Distinct().Order(StringComparer.Ordinal).ToList();
        var stem = Path.GetFileNameWithoutExtension(file);
        var hint = EditDistance.Suggest(stem, names) is { } close ? $"did you mean {close}? " : "";
        throw new UserFacingException($"cannot read the file {given}: there is no such file here, and no scenario of that name in the library; " +
                                      hint + (names.Count > 0 ? $"the library has: {string.Join(", ", names)} ('replicasim list' describes them)" : "the library is empty"));
    }

    /// <summary>The scenario names (file names without .json) in a folder, schema excluded.</summary>
    public static IEnumerable<string> Names(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json")
                .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
            : [];
}
