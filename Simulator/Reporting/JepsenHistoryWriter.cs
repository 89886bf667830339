using System.Text;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>
/// Writes <c>history.edn</c>: the run as a Jepsen history, one operation map per line, for Knossos or Elle.
/// </summary>
/// <remarks>
/// <para>Every request is an <c>:invoke</c> at its arrival and one completion: <c>:ok</c>, <c>:fail</c> (it
/// certainly had no effect) or <c>:info</c> (a write that took effect although the client got an error, so its
/// fate is unknown to the client). Times are nanoseconds from the start of the run; <c>:index</c> counts lines.</para>
/// <para>The data is a register per record: <c>:f :write</c> with <c>:value [key version]</c> for a sign-up
/// (version 1) or a profile edit (the next version), <c>:f :read</c> invoked with <c>[key nil]</c> and
/// completed with the version it saw, <c>nil</c> for "not found". Versions of a record are unique and
/// increasing, so a read that returns less than a write acknowledged before it began is a linearizability
/// violation, which Knossos' register model reports. Reads never change data, so a
/// read that errs is <c>:fail</c>; a write is <c>:fail</c> when it never reached a store.</para>
/// <para>One process per client: process = client, except that a client whose earlier request is still in
/// flight (or ended <c>:info</c>, after which Jepsen never reuses a process) uses client + k x clients, the
/// smallest such number that is free, as Jepsen numbers a worker's successive processes.</para>
/// <para>Operations are buffered (about 40 bytes each) and written in time order when the run completes, to a
/// <c>.partial</c> file renamed at the end.</para>
/// </remarks>
public sealed class JepsenHistoryWriter : IRunObserver
{
    private readonly string _path;
    private int _clients;
    private readonly List<Entry> _entries = [];

    private readonly record struct Entry(long Id, long InvokeUs, long CompleteUs, int Client, int Key, int Version, Operation Op, Outcome Outcome, ErrorReason Reason);

    public JepsenHistoryWriter(string path, int clients)
    {
        _path = Path.GetFullPath(path);
        _clients = Math.Max(1, clients);
    }

    public void OnRequestCompleted(in RequestRecord r) =>
        _entries.Add(new Entry(r.Id, r.Invoke.Microseconds, r.Complete.Microseconds, r.Client, r.Key, r.Version, r.Op, r.Outcome, r.Reason));

    /// <summary>Sorts the operations into time order, gives them processes, and writes the file.</summary>
    public void Complete()
    {
        var n = _entries.Count;
        var invokes = new int[n];
        var completions = new int[n];
        for (var i = 0; i < n; i++)
        {
            invokes[i] = i;
            completions[i] = i;
        }
        var entries = _entries;
        Array.Sort(invokes, (a, b) => entries[a].InvokeUs != entries[b].InvokeUs ? entries[a].InvokeUs.CompareTo(entries[b].InvokeUs) : entries[a].Id.CompareTo(entries[b].Id));
        Array.Sort(completions, (a, b) => entries[a].CompleteUs != entries[b].CompleteUs ? entries[a].CompleteUs.CompareTo(entries[b].CompleteUs) : entries[a].Id.CompareTo(entries[b].Id));
        foreach (var e in entries)
        {
            _clients = Math.Max(_clients, e.Client + 1);
        }
        var process = new long[n];
        var lanes = new List<LaneState>?[_clients];
        var partial = _path + ".partial";
        AtomicFile.CreateDirectory(Path.GetDirectoryName(_path)!);
        try
        {
            using (var writer = AtomicFile.Creating(() => new StreamWriter(partial, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" }))
            {
                var sb = new StringBuilder(160);
                long index = 0;
                int nextInvoke = 0, nextCompletion = 0;
                while (nextInvoke < n || nextCompletion < n)
                {
                    // An invoke goes first on a tie, so that every request's invoke precedes its own completion.
                    var takeInvoke = nextInvoke < n && (nextCompletion >= n || entries[invokes[nextInvoke]].InvokeUs <= entries[completions[nextCompletion]].CompleteUs);
                    sb.Clear();
                    if (takeInvoke)
                    {
                        var i = invokes[nextInvoke++];
                        var e = entries[i];
                        process[i] = TakeProcess(lanes, e.Client);
                        Line(sb, index++, e.InvokeUs, "invoke", process[i], e, invoke: true);
                    }
                    else
                    {
                        var i = completions[nextCompletion++];
                        var e = entries[i];
                        var type = TypeOf(e);
                        ReleaseProcess(lanes, e.Client, process[i], crashed: type == "info");
                        Line(sb, index++, e.CompleteUs, type, process[i], e, invoke: false);
                    }
                    writer.WriteLine(sb);
                }
            }
            AtomicFile.Creating(() => File.Move(partial, _path, overwrite: true));
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }

    /// <summary><c>:ok</c>, <c>:fail</c> or <c>:info</c> for a request, from what the model knows happened to it.</summary>
    private static string TypeOf(in Entry e)
    {
        var write = e.Op is Operation.Create or Operation.Update;
        if (e.Outcome == Outcome.Error)
        {
            // A write that took effect (it has a version) but whose client was told it failed: indeterminate.
            return write && e.Version > 0 ? "info" : "fail";
        }
        if (write && e.Outcome == Outcome.Missing)
        {
            return "fail"; // an edit of a record that container does not have: nothing was written
        }
        return "ok";
    }

    private static void Line(StringBuilder sb, long index, long us, string type, long process, in Entry e, bool invoke)
    {
        var write = e.Op is Operation.Create or Operation.Update;
        sb.Append("{:index ").Append(index)
          .Append(", :time ").Append(us * 1000)
          .Append(", :type :").Append(type)
          .Append(", :process ").Append(process)
          .Append(", :f ").Append(write ? ":write" : ":read")
          .Append(", :value [");
        if (e.Key > 0)
        {
            sb.Append(e.Key);
        }
        else
        {
            sb.Append("nil"); // a sign-up that never reached a store was never given a key
        }
        sb.Append(' ');
        if (write)
        {
            // What the write writes: version 1 for a sign-up; an edit's version is known once it is applied.
            var v = e.Op == Operation.Create ? 1 : e.Version;
            if (v > 0)
            {
                sb.Append(v);
            }
            else
            {
                sb.Append("nil");
            }
        }
        else if (invoke || e.Outcome == Outcome.Error || e.Version == 0)
        {
            sb.Append("nil");
        }
        else
        {
            sb.Append(e.Version);
        }
        sb.Append(']');
        if (!invoke && e.Outcome == Outcome.Error)
        {
            sb.Append(", :error :").Append(Names.Of(e.Reason));
        }
        else if (!invoke && e.Outcome == Outcome.Missing && write)
        {
            sb.Append(", :error :not-found");
        }
        sb.Append('}');
    }

    private enum LaneState : byte
    {
        Free,
        Busy,
        Crashed,
    }

    private long TakeProcess(List<LaneState>?[] lanes, int client)
    {
        var list = lanes[client] ??= [];
        var k = list.IndexOf(LaneState.Free);
        if (k < 0)
        {
            k = list.Count;
            list.Add(LaneState.Free);
        }
        list[k] = LaneState.Busy;
        return client + ((long)k * _clients);
    }

    private void ReleaseProcess(List<LaneState>?[] lanes, int client, long process, bool crashed) =>
        lanes[client]![(int)((process - client) / _clients)] = crashed ? LaneState.Crashed : LaneState.Free;
}
