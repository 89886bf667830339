using System.Text;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>
/// Streams <c>history.jsonl</c>: one line per finished request, in the order they finished, written to a
/// <c>.partial</c> file that is renamed only when the run completes.
/// </summary>
public sealed class HistoryWriter : IRunObserver, ISystemAware, IDisposable
{
    private readonly string _path;
    private readonly string _partial;
    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new(256);
    private string[] _containerNames = [];
    private ReplicaSystem? _system;

    public HistoryWriter(string path)
    {
        _path = Path.GetFullPath(path);
        _partial = _path + ".partial";
        AtomicFile.CreateDirectory(Path.GetDirectoryName(_path)!);
        _writer = AtomicFile.Creating(() => new StreamWriter(_partial, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" });
    }

    public void Attach(ReplicaSystem system) => _system = system;

    public void OnRequestCompleted(in RequestRecord r)
    {
        var sb = _line.Clear();
        sb.Append("{\"id\":").Append(r.Id)
          .Append(",\"client\":").Append(r.Client)
          .Append(",\"op\":\"").Append(Names.Of(r.Op)).Append('"');
        if (r.RequestedOp != r.Op)
        {
            sb.Append(",\"requestedOp\":\"").Append(Names.Of(r.RequestedOp)).Append('"');
        }
        sb.Append(",\"key\":").Append(r.Key)
          .Append(",\"invoke\":").Append(Format.Seconds(r.Invoke))
          .Append(",\"complete\":").Append(Format.Seconds(r.Complete))
          .Append(",\"container\":");
        if (r.ContainerId > 0)
        {
            sb.Append('"').Append(ContainerName(r.ContainerId)).Append('"');
        }
        else
        {
            sb.Append("null");
        }
        sb.Append(",\"zone\":");
        if (r.Zone >= 0 && _system is not null)
        {
            sb.Append('"').Append(_system.ZoneName(r.Zone)).Append('"');
        }
        else
        {
            sb.Append("null");
        }
        sb.Append(",\"outcome\":\"").Append(Names.Of(r.Outcome)).Append('"');
        if (r.Outcome == Outcome.Error)
        {
            sb.Append(",\"reason\":\"").Append(Names.Of(r.Reason)).Append('"');
        }
        sb.Append(",\"version\":").Append(r.Version)
          .Append(",\"expectedVersion\":").Append(r.ExpectedVersion)
          .Append('}');
        _writer.WriteLine(sb);
    }

    private string ContainerName(int id)
    {
        if (id >= _containerNames.Length)
        {
            Array.Resize(ref _containerNames, Math.Max(id + 1, _containerNames.Length * 2));
        }
        return _containerNames[id] ??= "container-" + id;
    }

    /// <summary>Flushes and gives the file its final name.</summary>
    public void Complete()
    {
        _writer.Flush();
        _writer.Dispose();
        AtomicFile.Creating(() => File.Move(_partial, _path, overwrite: true));
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (File.Exists(_partial))
        {
            File.Delete(_partial);
        }
    }







}
