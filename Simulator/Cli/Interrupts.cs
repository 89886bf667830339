using System.Runtime.InteropServices;

namespace ReplicaSim.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM: stop at once with one line on standard error and exit code 130 (143 for SIGTERM),
/// after throwing away any output not yet swapped in (see <see cref="OutputStaging"/>).
/// </summary>
internal static class Interrupts
{
    private static readonly List<PosixSignalRegistration> Registrations = [];

    /// <summary>Called once by the console entry point; in-process callers (tests) keep the default behaviour.</summary>
    public static void Install(TextWriter stderr)
    {
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stderr, 130)));
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stderr, 143)));
    }

    private static void Stop(PosixSignalContext context, TextWriter stderr, int code)
    {
        context.Cancel = true;
        Reporting.AtomicFile.StopCreating();
        var kept = OutputStaging.AbandonAll(out var written);
        Reporting.AtomicFile.AbandonAll();
        stderr.WriteLine(written.Count > 0
            ? $"interrupted: stopped after the outputs were written ({string.Join(", ", written)})"
            : kept.Count == 0
                ? "interrupted: stopped; nothing was written"
                : $"interrupted: stopped; nothing was written ({string.Join(", ", kept)} keeps its previous output)");
        stderr.Flush();
        Environment.Exit(code);
    }
}
