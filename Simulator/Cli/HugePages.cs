using System.Globalization;
using System.Runtime.InteropServices;

namespace ReplicaSim.Cli;

/// <summary>
/// On Linux, backs the process's heap with 2 MiB pages where the kernel allows it, so that the record table's
/// random reads miss the processor's address cache (TLB) far less often. Changes no output: only which
/// physical pages hold the memory. <c>REPLICASIM_HUGE_PAGES=0</c> turns it off.
/// </summary>
/// <remarks>
/// A request of a long run touches a random record, the list it was picked from and the list's entry: with
/// 4 KiB pages over a few hundred MiB, each is a TLB miss, and the profile of week-1000-replicas showed the
/// processor waiting at the prefetches of those lines for the page walks. The runtime's garbage-collected heap
/// is neither asked for huge pages (<c>madvise(MADV_HUGEPAGE)</c>) nor committed in pieces the kernel could back
/// with them at the first touch. So this marks the runtime's large reservations for huge pages once, and a
/// background thread asks the kernel every second to collapse the committed parts into huge pages
/// (<c>MADV_COLLAPSE</c>, Linux 6.1 and later), as the kernel's own khugepaged would do, only sooner. Every
/// failure (another system, an older kernel, a container that forbids it) leaves the process as it was.
/// </remarks>
internal static partial class HugePages
{
    private const int MadvHugepage = 14;
    private const int MadvCollapse = 25;
    private const long HugePage = 2L << 20;

    /// <summary>Reservations this large are the runtime's heaps (the GC reserves tens of GiB up front).</summary>
    private const long LargeReservation = 1L << 30;

    private static int _started;

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);

    /// <summary>Starts it once per process, on Linux, unless <c>REPLICASIM_HUGE_PAGES=0</c>.</summary>
    public static void Start()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("REPLICASIM_HUGE_PAGES") == "0"
            || Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }
        if (Pass(MadvHugepage) == 0)
        {
            return;
        }
        new Thread(CollapseEverySecond) { IsBackground = true, Name = "huge pages", Priority = ThreadPriority.BelowNormal }.Start();
    }

    private static void CollapseEverySecond()
    {
        while (true)
        {
            Thread.Sleep(1000);
            Pass(MadvCollapse);
        }
    }

    /// <summary>
    /// One pass over the process's anonymous mappings: with <see cref="MadvHugepage"/>, marks the large
    /// reservations; with <see cref="MadvCollapse"/>, collapses the whole huge pages inside every writable one.
    /// Returns how many ranges the kernel accepted.
    /// </summary>
    private static int Pass(int advice)
    {
        var accepted = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                // start-end perms offset dev inode [path]: anonymous mappings have no path.
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 5 || (fields.Length == 6 && fields[5].Trim().Length > 0))
                {
                    continue;
                }
                var bounds = fields[0].Split('-');
                var start = long.Parse(bounds[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var end = long.Parse(bounds[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (advice == MadvHugepage ? end - start < LargeReservation : !fields[1].StartsWith("rw", StringComparison.Ordinal))
                {
                    continue;
                }
                if (advice == MadvCollapse)
                {
                    start = (start + HugePage - 1) & ~(HugePage - 1);
                    end &= ~(HugePage - 1);
                    if (end - start < HugePage)
                    {
                        continue;
                    }
                }
                if (Madvise((nint)start, (nuint)(end - start), advice) == 0)
                {
                    accepted++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or DllNotFoundException or EntryPointNotFoundException)
        {
            // Not this kind of system after all: the process goes on as it was.
        }
        return accepted;
    }
}
