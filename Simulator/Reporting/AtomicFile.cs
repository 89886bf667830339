namespace ReplicaSim.Reporting;

/// <summary>Writes a file so that it is either complete or absent: write beside it, then rename over it.</summary>
public static class AtomicFile
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Pending = new(StringComparer.Ordinal);

    // Every folder, file and rename of an output goes through this gate, and an interruption closes it before it
    // throws the outputs away: a writer thread that is still running can then never put back a folder (or a
    // .partial file) that the interruption has just removed.
    private static readonly Lock CreateGate = new();
    private static bool _stopped;

    /// <summary>Runs <paramref name="create"/> (a folder, a file or a rename) unless an interruption is under way; then the calling thread waits for the process to end.</summary>
    public static T Creating<T>(Func<T> create)
    {
        lock (CreateGate)
        {
            if (!_stopped)
            {
                return create();
            }
        }
        Thread.Sleep(Timeout.Infinite);
        throw new InvalidOperationException("unreachable");
    }

    /// <inheritdoc cref="Creating{T}(Func{T})"/>
    public static void Creating(Action create) => Creating(() =>
    {
        create();
        return true;
    });

    /// <summary>Creates a folder and its parents, through the gate.</summary>
    public static void CreateDirectory(string path) => Creating(() => Directory.CreateDirectory(path));

    /// <summary>True once an interruption has begun.</summary>
    public static bool Stopped
    {
        get
        {
            lock (CreateGate)
            {
                return _stopped;
            }
        }
    }

    /// <summary>Called first by an interruption: waits for a creation under way to finish and lets no later one start.</summary>
    public static void StopCreating()
    {
        lock (CreateGate)
        {
            _stopped = true;
        }
    }

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".partial";
        lock (Gate)
        {
            Pending.Add(temp);
        }
        try
        {
            using (var stream = Creating(() => new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None)))
            {
                write(stream);
            }
            Creating(() => File.Move(temp, full, overwrite: true));
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
