using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReplicaSim.Tests.Support;

/// <summary>
/// A headless Chromium driven over the DevTools protocol (a websocket; no driver, no download): opens a
/// page, records console errors, exceptions and every network request, and evaluates JavaScript in it.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private int _nextId;
    private string? _session;

    /// <summary>Console errors, uncaught exceptions and error log entries, in words.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>The URL of every request the page made, including itself.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The browser: $REPLICASIM_CHROMIUM, else chromium or google-chrome on the PATH; null when there is none.</summary>
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("REPLICASIM_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }
        return null;
    }

    /// <summary>The launch flags: no sandbox (CI runs as root), no GPU, no background traffic, a fresh profile.</summary>
    public static IReadOnlyList<string> Flags(string profile, int width, int height) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
        $"--window-size={width},{height}", $"--user-data-dir={profile}",
    ];

    private HeadlessChromium(string executable, int width, int height)
    {
        _profile = Directory.CreateTempSubdirectory("replicasim-chromium-").FullName;
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var flag in Flags(_profile, width, height))
        {
            start.ArgumentList.Add(flag);
        }
        start.ArgumentList.Add("--remote-debugging-port=0");
        start.ArgumentList.Add("about:blank");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        using var wait = new CancellationTokenSource(Timeout);
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (_process.HasExited || wait.IsCancellationRequested)
            {
                throw new InvalidOperationException($"{executable} did not open its DevTools port (exit code {(_process.HasExited ? _process.ExitCode : "none")})");
            }
            Thread.Sleep(50);
        }
        var lines = File.ReadAllLines(portFile);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        _socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), wait.Token).GetAwaiter().GetResult();
        _reader = Task.Run(ReadLoop);
    }

    public static HeadlessChromium Launch(string executable, int width = 1280, int height = 720) => new(executable, width, height);

    /// <summary>Opens <paramref name="url"/> in a new tab with console, log and network recorded, and waits for its load event.</summary>
    public void Open(string url)
    {
        var target = Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, session: false);
        var attached = Send("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, session: false);
        _session = attached["sessionId"]!.GetValue<string>();
        Send("Runtime.enable");
        Send("Log.enable");
        Send("Network.enable");
        Send("Page.enable");
        Send("Page.navigate", new JsonObject { ["url"] = url });
        using var wait = new CancellationTokenSource(Timeout);
        while (Evaluate("document.readyState + ' ' + location.href")?.GetValue<string>() != "complete " + url)
        {
            if (wait.IsCancellationRequested)
            {
                throw new TimeoutException($"{url} did not finish loading");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>Evaluates an expression in the page and returns its value (awaiting a promise).</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } e)
        {
            throw new InvalidOperationException("the page threw: " + e.ToJsonString());
        }
        return result["result"]?["value"];
    }

    /// <summary>A PNG of the page as it is.</summary>
    public byte[] Screenshot() =>
        Convert.FromBase64String(Send("Page.captureScreenshot", new JsonObject { ["format"] = "png" })["data"]!.GetValue<string>());

    private JsonNode Send(string method, JsonObject? parameters = null, bool session = true)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (session)
        {
            message["sessionId"] = _session;
        }
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        lock (_socket)
        {
            _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
        }
        if (!done.Task.Wait(Timeout))
        {
            throw new TimeoutException($"no answer to {method}");
        }
        return done.Task.Result;
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage)
                {
                    continue;
                }
                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                Handle(node);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
        foreach (var p in _pending.Values)
        {
            p.TrySetException(new InvalidOperationException("the browser closed the connection"));
        }
    }

    private void Handle(JsonNode node)
    {
        if (node["id"] is { } idNode && _pending.TryRemove(idNode.GetValue<int>(), out var waiter))
        {
            if (node["error"] is { } error)
            {
                waiter.TrySetException(new InvalidOperationException("DevTools: " + error.ToJsonString()));
            }
            else
            {
                waiter.TrySetResult(node["result"] ?? new JsonObject());
            }
            return;
        }
        var p = node["params"];
        switch (node["method"]?.GetValue<string>())
        {
            case "Network.requestWillBeSent":
                Requests.Enqueue(p!["request"]!["url"]!.GetValue<string>());
                break;
            case "Runtime.exceptionThrown":
                Errors.Enqueue("exception: " + p!["exceptionDetails"]!.ToJsonString());
                break;
            case "Runtime.consoleAPICalled" when p!["type"]!.GetValue<string>() is "error" or "assert":
                Errors.Enqueue("console." + p["type"] + ": " + p["args"]!.ToJsonString());
                break;
            case "Log.entryAdded" when p!["entry"]!["level"]!.GetValue<string>() == "error":
                Errors.Enqueue("log: " + p["entry"]!.ToJsonString());
                break;
        }
    }

    public void Dispose()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                Send("Browser.close", session: false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or WebSocketException or AggregateException)
        {
            // The browser may close the socket before it answers.
        }
        _stop.Cancel();
        if (!_process.WaitForExit(10_000))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        _socket.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still hold a file for a moment; the folder is in the temp directory.
        }
    }
}
