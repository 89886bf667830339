namespace ReplicaSim.Reporting;

/// <summary>Writes a file so that it is either complete or absent: write beside it, then rename over it.</summary>
public static class AtomicFile
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Pending = new(StringComparer.Ordinal);

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".partial";
        lock (Gate)
        {
            Pending.Add(temp);
        }
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            lock (Gate)
            {
                Pending.Remove(temp);
            }
        }
    }

    /// <summary>On an interruption: deletes the files being written, so that no <c>.partial</c> file stays behind.</summary>
    public static void AbandonAll()
    {
        lock (Gate)
        {
            foreach (var temp in Pending)
            {
                try
                {
                    File.Delete(temp);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
            Pending.Clear();
        }
    }
}
