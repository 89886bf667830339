using System.Diagnostics;

namespace ReplicaSim.Cli;

/// <summary>A one-line progress bar on standard error, redrawn in place; thread-safe.</summary>
internal sealed class Progress(TextWriter error, int total, string what)
{
    private readonly bool _live = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private int _done;

    public void Step()
    {
        lock (_lock)
        {
            _done++;
            const int width = 30;
            var filled = total == 0 ? width : _done * width / total;
            var elapsed = _watch.Elapsed.TotalSeconds;
            var eta = _done == 0 ? 0 : elapsed / _done * (total - _done);
            if (!_live)
            {
                // Not a terminal (a log, a CI job): a line at each quarter instead of a redrawn bar.
                if (_done * 4 / total != (_done - 1) * 4 / total || _done == total)
                {
                    error.WriteLine($"{_done}/{total} {what} done, {elapsed:F0} s elapsed");
                }
                return;
            }
            error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {_done}/{total} {what}, {elapsed:F0} s elapsed, ~{eta:F0} s left ");
            if (_done == total)
            {
                error.WriteLine();
            }
        }
    }
}
