using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ReplicaSim.Tests.Support;

/// <summary>
/// One page of the system's Chromium (Debian's package, found by <see cref="HeadlessChromium.Find"/>) driven
/// through Microsoft.Playwright with that executable's path, so no browser is downloaded. Records every console
/// error and uncaught exception of the page and its workers, and the URL of every request made by any of them
/// (the browser context sees the worker's requests too); a request for anything but the loopback address is
/// aborted as well as recorded (a local file is allowed: a test may open one).
/// </summary>
public sealed class PlaywrightPage : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    /// <summary>Console errors and uncaught exceptions (page and workers), in words.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>The URL of every request made by the page, its frames and its workers.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The page itself, for what the helpers below do not cover.</summary>
    public IPage Page { get; }

    private PlaywrightPage(string executable, int width, int height)
    {
        _playwright = Playwright.CreateAsync().GetAwaiter().GetResult();
        // HeadlessChromium's flags (no sandbox, no GPU, no QUIC, no background traffic), less --headless (Playwright
        // adds its own) and the profile folder (Playwright makes a fresh one for every launch).
        var args = HeadlessChromium.Flags("", width, height).Where(f => !f.StartsWith("--user-data-dir=", StringComparison.Ordinal) && f != "--headless").ToArray();
        _browser = _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = args,
            Timeout = (float)Timeout.TotalMilliseconds,
        }).GetAwaiter().GetResult();
        _context = _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true })
            .GetAwaiter().GetResult();
        _context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        _context.Request += (_, request) => Requests.Enqueue(request.Url);
        _context.RouteAsync(url => !IsLoopback(url), route => route.AbortAsync()).GetAwaiter().GetResult();
        Page = _context.NewPageAsync().GetAwaiter().GetResult();
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Enqueue("console: " + message.Text);
            }
        };
        Page.PageError += (_, error) => Errors.Enqueue("exception: " + error);
        Page.Worker += (_, worker) => worker.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Enqueue("worker console: " + message.Text);
            }
        };
    }

    private static bool IsLoopback(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is "data" or "blob" or "about" or "file" || (uri.Scheme is "http" or "https" && uri.IsLoopback);

    public static PlaywrightPage Launch(string executable, int width = 1280, int height = 720) => new(executable, width, height);

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public void Open(string url) => Page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load }).GetAwaiter().GetResult();

    /// <summary>Evaluates an expression in the page and returns its value as JSON (awaiting a promise); null for undefined.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var value = Page.EvaluateAsync<JsonElement?>(expression).GetAwaiter().GetResult();
        return value is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } v ? JsonNode.Parse(v.GetRawText()) : null;
    }

    /// <summary>A PNG of the whole page as it is (below the viewport too, where the view's charts are).</summary>
    public byte[] Screenshot() => Page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png, FullPage = true }).GetAwaiter().GetResult();

    public void Dispose()
    {
        _context.CloseAsync().GetAwaiter().GetResult();
        _browser.CloseAsync().GetAwaiter().GetResult();
        _playwright.Dispose();
    }
}
