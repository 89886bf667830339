namespace ReplicaSim.Cli;

/// <summary>
/// All-or-nothing output for a command: the files are written into a private folder beside the target
/// (<c>.NAME.staging-PID</c>) and swapped in at the end, so that an interruption at any moment leaves the previous
/// complete output or none, never a mix. The target is locked (<c>.NAME.lock</c>, an exclusive lock the system
/// releases when the process ends) against a concurrent run, and checked before anything is simulated.
/// </summary>
/// <remarks>
/// The swap is two renames in the same folder: the old output to <c>.NAME.old-PID</c>, the new one to NAME. A kill
/// between the two leaves the old output under its hidden name; the next run puts it back before doing anything.
/// </remarks>
internal sealed class OutputStaging : IDisposable
{
    /// <summary>What a folder written by replicasim holds at its top level; a folder with none of these is not replaced.</summary>
    private static readonly string[] OurFiles = ["summary.json", "comparison.json", "sweep.json", "report.md", "runs.csv"];

    private static readonly Lock Gate = new();
    private static readonly List<OutputStaging> Active = [];

    // Folders a Begin created to hold its target (the --out of a run of several variants): removed again when nothing
    // was written into them, so that an interrupted or failed run leaves no empty folder behind.
    private static readonly List<string> CreatedParents = [];

    private readonly FileStream _lock;
    private readonly string _lockPath;
    private bool _done;

    private OutputStaging(string target, string folder, FileStream lockStream, string lockPath)
    {
        Target = target;
        Folder = folder;
        _lock = lockStream;
        _lockPath = lockPath;
    }

    /// <summary>The folder the outputs end up in.</summary>
    public string Target { get; }

    /// <summary>The private folder to write into until <see cref="Commit"/>.</summary>
    public string Folder { get; }

    /// <summary>Checks and locks <paramref name="target"/> and creates the private folder; call it before simulating.</summary>
    public static OutputStaging Begin(string target)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        var name = Path.GetFileName(full);
        var parent = Path.GetDirectoryName(full);
        if (parent is null || name.Length == 0)
        {
            throw new UserFacingException($"--out {full} cannot be replaced: give a folder below it, e.g. {Path.Combine(full, "out")}");
        }
        if (File.Exists(full))
        {
            throw new UserFacingException($"--out {full} is a file; give a folder (it is created if missing)");
        }
        if (!Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent);
            lock (Gate)
            {
                CreatedParents.Add(parent);
            }
        }
        var lockPath = Path.Combine(parent, $".{name}.lock");
        FileStream lockStream;
        try
        {
            lockStream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        // The lock file is there but held: another run has it (it goes with its process, so none is left behind
        // held). Not there at all: the folder cannot be written (a read-only or special filesystem, a full disk).
        catch (IOException) when (File.Exists(lockPath))
        {
            throw new UserFacingException($"another replicasim run is writing to {full} right now; wait for it to finish or give another --out");
        }
        catch (IOException e)
        {
            throw new UserFacingException($"--out {full}: cannot write in {parent} ({e.Message}); give a folder you can write to");
        }
        try
        {
            RecoverAndClean(parent, name, full);
            if (Directory.Exists(full) && !IsOurs(full))
            {
                throw new UserFacingException($"--out {full} holds files that replicasim did not write, and the folder would be replaced; " +
                                              "give a new or empty folder, or one a previous run wrote");
            }
            var folder = Path.Combine(parent, $".{name}.staging-{Environment.ProcessId}");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            var staging = new OutputStaging(full, folder, lockStream, lockPath);
            lock (Gate)
            {
                // Created and registered as one step: an interruption sees either no folder or one it will remove,
                // and once it has begun (AtomicFile.StopCreating) no folder is created at all.
                if (!Reporting.AtomicFile.Stopped)
                {
                    Directory.CreateDirectory(folder);
                    Active.Add(staging);
                    return staging;
                }
            }
            lockStream.Dispose();
            return Reporting.AtomicFile.Creating<OutputStaging>(() => throw new InvalidOperationException("an interruption is under way"));
        }
        catch
        {
            lockStream.Dispose();
            throw;
        }
    }

    /// <summary>Swaps the finished outputs in for the previous ones.</summary>
    public void Commit() => CommitAll([this]);

    /// <summary>
    /// Swaps several finished outputs in (the variants of one run) as one step: every rename under the lock an
    /// interruption takes too, the old outputs deleted only after the last rename, so that Ctrl-C leaves all the new
    /// outputs or all the previous ones, never a mix.
    /// </summary>
    public static void CommitAll(IReadOnlyList<OutputStaging> group)
    {
        lock (Gate)
        {
            var olds = new List<string>();
            foreach (var s in group)
            {
                var old = Path.Combine(Path.GetDirectoryName(s.Target)!, $".{Path.GetFileName(s.Target)}.old-{Environment.ProcessId}");
                if (Directory.Exists(s.Target))
                {
                    Directory.Move(s.Target, old);
                    olds.Add(old);
                }
                Directory.Move(s.Folder, s.Target);
                s._done = true;
                s.Committed = true;
            }
            foreach (var old in olds)
            {
                Directory.Delete(old, recursive: true);
            }
        }
    }

    /// <summary>Whether the output was swapped in.</summary>
    public bool Committed { get; private set; }

    /// <summary>Without <see cref="Commit"/>: throws the private folder away; the previous output stays as it was.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            Abandon();
            Active.Remove(this);
            RemoveEmptyCreatedParents();
        }
    }

    /// <summary>Under the lock: removes the folders Begin created that nothing was written into (hidden entries aside, there are none).</summary>
    private static void RemoveEmptyCreatedParents()
    {
        for (var i = CreatedParents.Count - 1; i >= 0; i--)
        {
            var parent = CreatedParents[i];
            try
            {
                if (!Directory.Exists(parent))
                {
                    CreatedParents.RemoveAt(i);
                }
                else if (!Directory.EnumerateFileSystemEntries(parent).Any())
                {
                    Directory.Delete(parent);
                    CreatedParents.RemoveAt(i);
                }
            }
            catch (IOException)
            {
                // Still in use by a staging of this run: the last one to go removes it.
            }
        }
    }

    /// <summary>On an interruption: throws away every uncommitted output. Returns the targets that had, and keep, a previous output.</summary>
    /// <remarks><paramref name="written"/> gets the targets already swapped in (the interruption came after).</remarks>
    public static IReadOnlyList<string> AbandonAll(out IReadOnlyList<string> written)
    {
        lock (Gate)
        {
            var targets = new List<string>();
            var committed = new List<string>();
            foreach (var s in Active)
            {
                if (s.Committed)
                {
                    committed.Add(s.Target);
                }
                else if (!s._done && Directory.Exists(s.Target))
                {
                    targets.Add(s.Target);
                }
                s.Abandon();
            }
            Active.Clear();
            RemoveEmptyCreatedParents();
            written = committed;
            return targets;
        }
    }

    private void Abandon()
    {
        // A writer may still be adding a file while the folder goes (a streamed history.jsonl), and on a loaded
        // machine it can take a while to yield: try for up to about two seconds; whatever is left, the next run on
        // this target removes.
        for (var attempt = 0; attempt < 100 && !_done && Directory.Exists(Folder); attempt++)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(20);
            }
        }
        _done = true;
        _lock.Dispose();
        if (File.Exists(_lockPath))
        {
            try
            {
                File.Delete(_lockPath);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Under the lock: puts back an output a kill left half-swapped, and removes private folders of dead runs.</summary>
    private static void RecoverAndClean(string parent, string name, string full)
    {
        var olds = Directory.GetDirectories(parent, $".{name}.old-*");
        if (!Directory.Exists(full) && olds.Length > 0)
        {
            Directory.Move(olds[0], full);
        }
        foreach (var leftover in Directory.GetDirectories(parent, $".{name}.old-*").Concat(Directory.GetDirectories(parent, $".{name}.staging-*")))
        {
            Directory.Delete(leftover, recursive: true);
        }
    }

    /// <summary>Empty (but for hidden entries such as locks), or holding outputs of ours at its top level or in a variant folder.</summary>
    private static bool IsOurs(string folder) =>
        !Directory.EnumerateFileSystemEntries(folder).Any(e => !Path.GetFileName(e).StartsWith('.')) || HasOurFiles(folder, depth: 1);

    private static bool HasOurFiles(string folder, int depth) =>
        Directory.EnumerateFiles(folder).Select(Path.GetFileName).Any(n => OurFiles.Contains(n) || n!.StartsWith("sweep-shard-", StringComparison.Ordinal))
        || (depth > 0 && Directory.EnumerateDirectories(folder).Any(d => HasOurFiles(d, depth - 1)));
}
