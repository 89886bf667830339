using System.IO.Compression;
using System.Net;
using System.Net.Sockets;

namespace ReplicaSim.Cli;

/// <summary>
/// The browser playground's published files (ReplicaSim.Web, WebAssembly), embedded in the tool as brotli and
/// gzip, served on 127.0.0.1 only: each file with its Content-Encoding (brotli when the browser accepts it, else
/// gzip, else decompressed here), <c>application/wasm</c> for WebAssembly, nothing cached across versions.
/// </summary>
internal sealed class PlaygroundSite : IDisposable
{
    private const string Prefix = "ReplicaSim.Playground/";
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    private PlaygroundSite(int port)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = $"http://127.0.0.1:{port}/";
        _loop = Task.Run(Serve);
    }

    /// <summary>The page's address, e.g. http://127.0.0.1:8765/.</summary>
    public string Url { get; }

    /// <summary>The embedded files by their path in the site ("index.html", "_framework/dotnet.js"), with the encodings present.</summary>
    public static IReadOnlyDictionary<string, string[]> Files { get; } = typeof(PlaygroundSite).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..].Replace('\\', '/'))
        .GroupBy(n => n.EndsWith(".br", StringComparison.Ordinal) || n.EndsWith(".gz", StringComparison.Ordinal) ? n[..^3] : n, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(n => n.EndsWith(".br", StringComparison.Ordinal) ? "br" : n.EndsWith(".gz", StringComparison.Ordinal) ? "gzip" : "identity").ToArray(), StringComparer.Ordinal);

    /// <summary>Starts serving on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    public static PlaygroundSite Start(int port)
    {
        if (Files.Count == 0)
        {
            throw new UserFacingException("this build of replicasim has no playground in it (it was built with -p:Playground=false); build it without that to get one");
        }
        if (port != 0)
        {
            try
            {
                return new PlaygroundSite(port);
            }
            catch (HttpListenerException e)
            {
                throw new UserFacingException($"--port {port}: cannot listen on 127.0.0.1:{port} ({e.Message}); pick another port, or --port 0 for any free one");
            }
        }
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var free = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                return new PlaygroundSite(free);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Taken between the probe and the listener: try another.
            }
        }
    }

    public static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json",
        ".wasm" => "application/wasm",
        ".dat" => "application/octet-stream",
        _ => "application/octet-stream",
    };

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Answer(context));
        }
    }

    private static void Answer(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = Uri.UnescapeDataString(context.Request.Url?.AbsolutePath ?? "/").TrimStart('/');
            if (path.Length == 0 || path.EndsWith('/'))
            {
                path += "index.html";
            }
            if ((context.Request.HttpMethod != "GET" && context.Request.HttpMethod != "HEAD") || !Files.TryGetValue(path, out var encodings))
            {
                response.StatusCode = context.Request.HttpMethod is "GET" or "HEAD" ? 404 : 405;
                return;
            }
            var accepted = (context.Request.Headers["Accept-Encoding"] ?? "").Split(',').Select(e => e.Split(';')[0].Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var encoding = encodings.Contains("br") && accepted.Contains("br") ? "br" : encodings.Contains("gzip") && accepted.Contains("gzip") ? "gzip" : null;
            response.ContentType = ContentType(path);
            response.Headers["Cache-Control"] = "no-cache";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers["Vary"] = "Accept-Encoding";
            byte[] body;
            if (encoding is not null)
            {
                response.Headers["Content-Encoding"] = encoding;
                body = Resource(path + (encoding == "br" ? ".br" : ".gz"));
            }
            else if (encodings.Contains("identity"))
            {
                body = Resource(path);
            }
            else
            {
                using var gz = new GZipStream(new MemoryStream(Resource(path + (encodings.Contains("gzip") ? ".gz" : ".br"))), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gz.CopyTo(plain);
                body = plain.ToArray();
            }
            response.ContentLength64 = body.Length;
            if (context.Request.HttpMethod == "GET")
            {
                response.OutputStream.Write(body);
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The browser went away mid-answer.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                // already gone
            }
        }
    }

    private static byte[] Resource(string path)
    {
        var assembly = typeof(PlaygroundSite).Assembly;
        using var stream = (assembly.GetManifestResourceStream(Prefix + path) ?? assembly.GetManifestResourceStream(Prefix + path.Replace('/', '\\')))
            ?? throw new FileNotFoundException("not embedded: " + path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // stopping
        }
    }
}
