using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using ReplicaSim.Cli;

namespace ReplicaSim.Tests.Web;

/// <summary>`replicasim playground`: the embedded files on 127.0.0.1, each with its Content-Encoding and type.</summary>
public sealed class PlaygroundSiteTests
{
    private static readonly HttpClient Client = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });

    [Test]
    public void ServesTheEmbeddedFiles_OnLoopback_CompressedWithTheirEncoding_WasmAsApplicationWasm()
    {
        using var site = PlaygroundSite.Start(0);
        Assert.That(site.Url, Does.StartWith("http://127.0.0.1:"));
        var wasm = PlaygroundSite.Files.Keys.First(f => f.EndsWith(".wasm", StringComparison.Ordinal));
        Assert.That(PlaygroundSite.Files[wasm], Does.Contain("br").And.Contain("gzip"));

        using var brotli = new HttpRequestMessage(HttpMethod.Get, site.Url + wasm);
        brotli.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        brotli.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var br = Client.Send(brotli);
        Assert.That(br.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(br.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/wasm"));
        Assert.That(br.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        using var brStream = new BrotliStream(br.Content.ReadAsStream(), CompressionMode.Decompress);
        using var plainWasm = new MemoryStream();
        brStream.CopyTo(plainWasm);
        Assert.That(plainWasm.ToArray()[..4], Is.EqualTo(new byte[] { 0, (byte)'a', (byte)'s', (byte)'m' }), "a WebAssembly module");

        using var gzipOnly = new HttpRequestMessage(HttpMethod.Get, site.Url);
        gzipOnly.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var gz = Client.Send(gzipOnly);
        Assert.That(gz.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(gz.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        using var gzStream = new GZipStream(gz.Content.ReadAsStream(), CompressionMode.Decompress);
        var fromGzip = new StreamReader(gzStream).ReadToEnd();

        // A client that accepts no encoding gets the plain file.
        using var plain = Client.Send(new HttpRequestMessage(HttpMethod.Get, site.Url + "index.html"));
        Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty);
        var html = plain.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.That(html, Is.EqualTo(fromGzip));
        Assert.That(html, Does.Contain("ReplicaSim playground").And.Contain("playground.js"));

        using var missing = Client.Send(new HttpRequestMessage(HttpMethod.Get, site.Url + "no-such-file.js"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var post = Client.Send(new HttpRequestMessage(HttpMethod.Post, site.Url));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public void PortInUse_IsAClearErrorWithExitCode1_OutOfRange_IsBadUsage()
    {
        using var site = PlaygroundSite.Start(0);
        var port = new Uri(site.Url).Port;
        var err = new StringWriter();
        Assert.That(CliApp.Run(["playground", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], TextWriter.Null, err), Is.EqualTo(CliApp.Failed));
        Assert.That(err.ToString(), Does.Contain($"--port {port}").And.Contain("cannot listen"));
        err = new StringWriter();
        Assert.That(CliApp.Run(["playground", "--port", "70000"], TextWriter.Null, err), Is.EqualTo(CliApp.Usage), "no port is 70000: bad usage (SPEC.md: 2)");
        Assert.That(err.ToString(), Does.Contain("--port 70000"));
    }
}
