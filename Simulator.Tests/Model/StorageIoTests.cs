using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using ReplicaSim.Engine;
using ReplicaSim.Model;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Model;

/// <summary>
/// Storage I/O (issue 10, item 5): commits beyond the volume's IOPS wait their turn, and gp2's burst bucket
/// empties under sustained load, each against its rule or closed form.
/// </summary>
public sealed class StorageIoTests
{
    /// <summary>Feeds <paramref name="n"/> Poisson arrivals at <paramref name="rate"/> per second to a volume; returns (arrival, wait) in microseconds.</summary>
    private static (long Arrive, long Wait)[] Feed(VolumeIo io, double rate, int n, long seed)
    {
        var random = new RandomStreams(seed).Stream("test/arrivals");
        var result = new (long, long)[n];
        var t = 0.0;
        for (var i = 0; i < n; i++)
        {
            t += -Math.Log(1 - random.NextDouble()) / rate * 1e6;
            var at = (long)t;
            result[i] = (at, io.Admit(at, 0));
        }
        return result;
    }

    [Test]
    public void Gp2_BucketEmptiesAfterBucketOverUseMinusBaseline_ThenRunsAtTheBaseline()
    {
        // 100 GiB of gp2: baseline 300 IOPS, bursting to 3,000. At 2,000 write I/Os per second the 5.4 million
        // credits last 5,400,000 / (2,000 - 300) = 3,176 s. The I/Os by time t are Poisson (sd sqrt(2,000 t)),
        // which moves the moment the balance reaches zero by sd sqrt(2,000 x 3,176) / 1,700 = 1.5 s.
        var volume = new StorageVolume(StorageType.Gp2, 100, 0);
        Assert.That((volume.BaselineIops, volume.PeakIops, volume.Bursts), Is.EqualTo((300, 3000, true)));
        var io = new VolumeIo(volume);
        const double use = 2000;
        var expected = StorageVolume.Gp2BucketCredits / (use - 300);
        var feed = Feed(io, use, (int)(use * (expected + 200)), 3);
        var sd = Math.Sqrt(use * expected) / (use - 300);
        Assert.That(io.CreditsExhaustedAtUs / 1e6, Is.EqualTo(expected).Within(TestScenario.Z * sd));

        // Past that, the volume starts one I/O every 1/300 s: the I/Os that arrived in the last 100 s start 300
        // per second (a queue builds, so their starts are evenly spaced).
        var late = feed.Where(f => f.Arrive > (expected + 100) * 1e6).Select(f => f.Arrive + f.Wait).ToArray();
        var startsPerSecond = (late.Length - 1) / ((late[^1] - late[0]) / 1e6);
        Assert.That(startsPerSecond, Is.EqualTo(300).Within(0.5));
        Assert.That(io.Credits((long)((expected + 200) * 1e6)), Is.LessThan(1));
    }

    [Test]
    public void Gp2_UnderTheBaselineNeverSpendsItsCredits()
    {
        // 1,000 GiB: baseline 3,000 IOPS, no burst; 200 GiB at 500 IOPS bursts but 400 I/Os per second are under it.
        Assert.That(new StorageVolume(StorageType.Gp2, 1000, 0).Bursts, Is.False);
        Assert.That(new StorageVolume(StorageType.Gp2, 20, 0).BaselineIops, Is.EqualTo(100));
        var io = new VolumeIo(new StorageVolume(StorageType.Gp2, 200, 0));
        Feed(io, 400, 400 * 600, 5);
        Assert.That(io.CreditsExhaustedAtUs, Is.EqualTo(-1));
        // It spends one credit per I/O and earns 600 a second, so the balance stays full, less the few credits
        // spent by the last I/Os before the bucket refills (the bucket holds no more than full between them).
        Assert.That(io.Credits(600_000_000), Is.EqualTo(StorageVolume.Gp2BucketCredits).Within(10));
    }

    [Test]
    public void Io1_WaitsMatchTheMD1Queue()
    {
        // Poisson commits at a volume that starts one I/O every 1/mu: an M/D/1 queue. At rho = 0.5 and
        // mu = 1,000 IOPS a commit waits with probability rho and on average rho / (2 mu (1 - rho)) = 0.5 ms.
        // Twenty batch means give a Student-t 99.9 % interval (the waits of neighbours are correlated; batches
        // of 50,000 are not).
        const double mu = 1000;
        const double rho = 0.5;
        var io = new VolumeIo(new StorageVolume(StorageType.Io1, 100, (int)mu));
        var feed = Feed(io, rho * mu, 1_000_000, 7);
        const int batches = 20;
        var size = feed.Length / batches;
        var meanWaits = Enumerable.Range(0, batches).Select(b => feed.Skip(b * size).Take(size).Average(f => f.Wait / 1000.0)).ToArray();
        var waited = Enumerable.Range(0, batches).Select(b => feed.Skip(b * size).Take(size).Count(f => f.Wait > 0) / (double)size).ToArray();
        var t = StudentT.InvCDF(0, 1, batches - 1, 0.9995);
        var theoryMs = rho / (2 * mu * (1 - rho)) * 1000;
        Assert.Multiple(() =>
        {
            // Integer microseconds round each wait up by at most 1 us.
            Assert.That(meanWaits.Mean(), Is.EqualTo(theoryMs).Within((t * meanWaits.StandardDeviation() / Math.Sqrt(batches)) + 0.001));
            Assert.That(waited.Mean(), Is.EqualTo(rho).Within(t * waited.StandardDeviation() / Math.Sqrt(batches)));
        });
    }

    /// <summary>Writes only, no other delay than the volume: one container with workers to spare.</summary>
    private static string WritesOnly(double rate, string volume) => $$"""
        {
          "name": "io", "duration": "200s",
          "service": { "replicas": 1, "workers": 100000, "serviceTime": "0ms", "requestTimeout": "0s" },
          "storage": { "kind": "shared", "readTime": "0ms", "writeTime": "0ms"{{volume}} },
          "network": { "toContainer": "0ms", "toDatabase": "0ms", "crossZone": "0ms" },
          "workload": { "arrivalRate": {{rate}}, "clients": 100, "mix": { "create": 1 } }
        }
        """;

    [Test]
    public void WriteThroughput_CapsAtTheVolumesIops()
    {
        // 400 commits per second offered to an io1 volume of 200 IOPS: after 200 s, 200 x 200 = 40,000 are
        // committed (to within the one in flight), the rest still wait.
        var r = TestScenario.Run(WritesOnly(400, """, "storageType": "io1", "iops": 200"""), 2);
        var io = r.Database!.StorageIo!;
        Assert.Multiple(() =>
        {
            Assert.That(r.Requests.Ok, Is.InRange(40_000 - 1, 40_000 + 1));
            Assert.That(io.BaselineIops, Is.EqualTo(200));
            Assert.That(io.IoCreditBalance, Is.Null);
            Assert.That(io.MaxWaitMs, Is.GreaterThan(90_000));
        });
    }

    [Test]
    public void Gp3_DefaultsTo3000Iops_AndAtLowLoadCommitsHardlyWait()
    {
        var r = TestScenario.Run(WritesOnly(100, """, "storageType": "gp3" """), 2);
        var io = r.Database!.StorageIo!;
        Assert.Multiple(() =>
        {
            Assert.That(io.BaselineIops, Is.EqualTo(3000));
            Assert.That(io.AllocatedGiB, Is.EqualTo(20));
            Assert.That(r.Requests.Ok, Is.EqualTo(r.Requests.Total));
            // M/D/1 at rho = 1/30: about 3 % of commits wait, for a fraction of a millisecond.
            Assert.That(io.WaitedWrites / (double)io.Writes, Is.LessThan(0.06));
            Assert.That(io.MaxWaitMs, Is.LessThan(5));
        });
    }

    [Test]
    public void StorageIo_IsOffUnlessStorageTypeIsNamed()
    {
        var sized = TestScenario.Load("""{ "storage": { "kind": "shared", "allocatedGiB": 100 } }""");
        Assert.Multiple(() =>
        {
            Assert.That(sized.Storage.AllocatedGiBGiven, Is.EqualTo(100));
            Assert.That(sized.Storage.Volume, Is.Null);
            Assert.That(TestScenario.Run(WritesOnly(50, ""), 1).Database!.StorageIo, Is.Null);
        });
    }

    [TestCase("""{ "storage": { "kind": "shared", "storageType": "gp2", "iops": 1000 } }""", "storage.iops", "come from its size")]
    [TestCase("""{ "storage": { "kind": "shared", "storageType": "io1" } }""", "storage.iops", "provisioned IOPS")]
    [TestCase("""{ "storage": { "kind": "shared", "storageType": "gp4" } }""", "storage.storageType", "gp2, gp3, io1")]
    [TestCase("""{ "storage": { "kind": "shared", "storageType": "gp3", "allocatedGiB": 10 } }""", "storage.allocatedGiB", "at least 20 GiB")]
    [TestCase("""{ "storage": { "kind": "shared", "storageType": "gp3", "iops": 1000 } }""", "storage.iops", "from 3000")]
    [TestCase("""{ "storage": { "kind": "dynamodb", "storageType": "gp3" } }""", "storage.storageType", "no EBS volume")]
    [TestCase("""{ "storage": { "kind": "aurora", "storageType": "io1", "iops": 1000 } }""", "storage.storageType", "no EBS volume")]
    [TestCase("""{ "storage": { "kind": "shared", "iops": 1000 } }""", "storage.iops", "needs \"storageType\"")]
    public void BadVolumes_AreNamedWithTheirPath(string json, string path, string message)
    {
        var e = Assert.Throws<ScenarioException>(() => TestScenario.Load(json));
        Assert.That(e!.Errors.Single(x => x.Path == path).Message, Does.Contain(message));
    }
}
