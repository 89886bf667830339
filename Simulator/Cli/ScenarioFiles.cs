using ReplicaSim.Model;

namespace ReplicaSim.Scenarios;

/// <summary>
/// The file side of <see cref="ScenarioLoader"/>: the core loads scenarios from bytes and reads no files, so
/// the command line reads them here (at most the size limit, plus one byte) and keeps the familiar calls
/// <c>ScenarioLoader.Load(file)</c>, <c>LoadVariants(file)</c>, <c>Validate(file)</c> and <c>List(folder)</c>.
/// </summary>
public static class ScenarioFiles
{
    extension(ScenarioLoader)
    {
        /// <summary>The scenario of a file: its own fields, or with <see cref="LoadOptions.Variant"/> merged over them.</summary>
        public static Scenario Load(string file, LoadOptions? options = null)
        {
            options ??= LoadOptions.None;
            return ScenarioLoader.Load(Read(file, options.AllowLarge), file, options);
        }

        /// <summary>The scenarios a file stands for in a comparison: one per variant, or the file itself when it has none.</summary>
        public static IReadOnlyList<Scenario> LoadVariants(string file, LoadOptions? options = null)
        {
            options ??= LoadOptions.None;
            return ScenarioLoader.LoadVariants(Read(file, options.AllowLarge), file, options);
        }

        /// <summary>Every problem in a file and in each of its variants; empty when it is valid.</summary>
        public static IReadOnlyList<ScenarioError> Validate(string file, LoadOptions? options = null)
        {
            options ??= LoadOptions.None;
            byte[] bytes;
            try
            {
                bytes = Read(file, options.AllowLarge);
            }
            catch (ScenarioException e)
            {
                return e.Errors;
            }
            return ScenarioLoader.Validate(bytes, file, options);
        }

        /// <summary>The scenario files in a folder with their one-line descriptions, sorted by file name.</summary>
        public static IReadOnlyList<(string File, string Name, string Line, bool Valid)> List(string folder)
        {
            var result = new List<(string, string, string, bool)>();
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".schema.json", StringComparison.Ordinal))
                {
                    continue;
                }
                try
                {
                    var s = ScenarioLoader.Load(file);
                    var end = s.Description.IndexOf(". ", StringComparison.Ordinal);
                    var line = end < 0 ? s.Description.Trim() : s.Description[..(end + 1)];
                    result.Add((file, s.Name, line, true));
                }
                catch (ScenarioException e)
                {
                    // A benchmark is beyond the work limits on purpose: it is valid with --allow-large, and listed so.
                    if (TryLoadLarge(file) is { } large)
                    {
                        var end = large.Description.IndexOf(". ", StringComparison.Ordinal);
                        var line = end < 0 ? large.Description.Trim() : large.Description[..(end + 1)];
                        result.Add((file, large.Name, line + " (large: runs with --allow-large)", true));
                        continue;
                    }
                    result.Add((file, Path.GetFileNameWithoutExtension(file), $"(invalid: {e.Errors.Count} problem(s); run 'replicasim validate {file}')", false));
                }
            }
            return result;
        }
    }

    private static Scenario? TryLoadLarge(string file)
    {
        try
        {
            return ScenarioLoader.Load(file, new LoadOptions { AllowLarge = true });
        }
        catch (ScenarioException)
        {
            return null;
        }
    }

    /// <summary>The file's bytes, at most the size limit plus one (so a device or an endless stream such as /dev/zero is never read without end).</summary>
    public static byte[] Read(string file, bool allowLarge)
    {
        try
        {
            return ReadAtMost(file, ScenarioLoader.ReadLimit(allowLarge));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException([new ScenarioError(file, "", "cannot read the file: " + e.Message)]);
        }
    }

    private static byte[] ReadAtMost(string file, int max)
    {
        if (Directory.Exists(file))
        {
            throw new IOException("it is a folder");
        }
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var buffer = new byte[Math.Min(max, stream.CanSeek && stream.Length > 0 ? (int)Math.Min(stream.Length, max) : 65536)];
        var total = 0;
        while (total < max)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(max, buffer.Length * 2L));
            }
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total == buffer.Length ? buffer : buffer[..total];
    }
}
