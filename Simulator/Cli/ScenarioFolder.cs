namespace ReplicaSim.Cli;

/// <summary>Finds scenarios/: in the current folder or any parent.</summary>
internal static class ScenarioFolder
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scenarios");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return Path.GetFullPath("scenarios");
    }
}
