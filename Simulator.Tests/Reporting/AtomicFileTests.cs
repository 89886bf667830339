using ReplicaSim.Reporting;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Reporting;

public sealed class AtomicFileTests
{
    [Test]
    public void Write_InterruptedMidway_LeavesNeitherThePartialFileNorTheTarget()
    {
        var dir = Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!;
        var target = Path.Combine(dir, "explain.txt");
        Assert.That(() => AtomicFile.Write(target, s =>
        {
            s.Write(new byte[4096]);
            // What the Ctrl-C handler does before it exits.
            AtomicFile.AbandonAll();
        }), Throws.InstanceOf<IOException>());
        Assert.That(Directory.GetFiles(dir, "explain*"), Is.Empty);
    }
}
