namespace ReplicaSim.Cli;

/// <summary>Command lines written into reports ("Reproduce with ..."), quoted so that pasting one into a POSIX shell runs that very command.</summary>
internal static class ShellWords
{
    /// <summary>
    /// <paramref name="word"/> as one shell word: unchanged when it holds only characters no shell treats specially,
    /// else in single quotes (a single quote inside becomes <c>'\''</c>), so braces, brackets, quotes and spaces survive.
    /// </summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsPlain))
        {
            return word;
        }
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Each override as <c> --set WORD</c>, quoted.</summary>
    public static string Sets(IEnumerable<string> sets) => string.Concat(sets.Select(s => " --set " + Quote(s)));

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '=' or ':' or ',' or '@' or '%' or '+';
}
