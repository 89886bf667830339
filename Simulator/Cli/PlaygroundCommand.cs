using System.CommandLine;

namespace ReplicaSim.Cli;

/// <summary>
/// <c>replicasim playground [--port N]</c>: serves the browser playground (the simulator compiled to WebAssembly,
/// embedded in the tool) on 127.0.0.1 and prints its address; Ctrl-C stops it.
/// </summary>
internal static class PlaygroundCommand
{
    /// <summary>The default port (an assumption: any free port does; --port 0 picks one).</summary>
    public const int DefaultPort = 8765;

    public static Command Build(TextWriter stdout)
    {
        var port = new Option<int>("--port")
        {
            Description = $"port on 127.0.0.1 (default {DefaultPort}; 0: any free port)",
            DefaultValueFactory = _ => DefaultPort,
        };
        var command = new Command("playground", "Serve the browser playground on 127.0.0.1: the simulator runs in the page; change a scenario, run it again, compare before and after.");
        command.Options.Add(port);
        command.SetAction(parse =>
        {
            var p = parse.GetValue(port);
            if (p is < 0 or > 65535)
            {
                throw new UsageException($"--port {p}: a port is 0 to 65535 (0: any free port)");
            }
            using var site = PlaygroundSite.Start(p);
            stdout.WriteLine($"ReplicaSim playground: open {site.Url} in a browser (Ctrl-C stops it).");
            stdout.Flush();
            Thread.Sleep(Timeout.Infinite);
            return CliApp.Ok;
        });
        return command;
    }
}
