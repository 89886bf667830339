using System.Globalization;
using System.Text.Json;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Reporting;

/// <summary>history.edn read back as EDN: paired operations, Jepsen's process rules, and a register check per key.</summary>
public sealed class JepsenHistoryTests
{
    private const string Crashes = """
        { "name": "edn", "seed": 7, "duration": "4m", "service": { "replicas": 3 },
          "workload": { "arrivalRate": 40, "clients": 60 },
          "faults": [ { "at": "1m", "kind": "container-crash", "replica": 2 }, { "at": "2m", "kind": "deploy" } ],
          "variants": { "sqlite": { "storage": { "kind": "sqlite-per-container" } },
                        "rds": { "storage": { "kind": "shared" } } } }
        """;

    private static (List<Dictionary<string, object?>> Ops, JsonElement Summary) RunVariant(string variant)
    {
        var file = TestScenario.WriteTemp(Crashes);
        var dir = Path.Combine(Path.GetDirectoryName(file)!, variant);
        var (code, _, err) = CliRunner.Run("run", file, "--variant", variant, "--history-format", "jepsen", "--out", dir);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(File.Exists(Path.Combine(dir, "history.jsonl")), Is.False, "only the format asked for");
        var ops = File.ReadLines(Path.Combine(dir, "history.edn")).Select(l => (Dictionary<string, object?>)Edn.Read(l)!).ToList();
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        return (ops, summary.RootElement.Clone());
    }

    [TestCase("sqlite")]
    [TestCase("rds")]
    public void EveryInvokeHasOneCompletion_OnAProcessDoingOneThingAtATime(string variant)
    {
        var (ops, summary) = RunVariant(variant);
        var requests = summary.GetProperty("requests").GetProperty("total").GetInt64();
        Assert.That(ops, Has.Count.EqualTo(2 * requests));
        var open = new Dictionary<long, Dictionary<string, object?>>();
        var crashed = new HashSet<long>();
        long lastTime = 0;
        var types = new Dictionary<string, int>();
        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            Assert.That(op[":index"], Is.EqualTo((long)i));
            var time = (long)op[":time"]!;
            Assert.That(time, Is.GreaterThanOrEqualTo(lastTime), "time order");
            Assert.That(time % 1000, Is.Zero, "nanoseconds from simulated microseconds");
            lastTime = time;
            var process = (long)op[":process"]!;
            var type = (string)op[":type"]!;
            types[type] = types.GetValueOrDefault(type) + 1;
            Assert.That(op[":f"], Is.AnyOf(":read", ":write"));
            Assert.That(op[":value"], Is.InstanceOf<List<object?>>().And.Count.EqualTo(2));
            if (type == ":invoke")
            {
                Assert.That(open.ContainsKey(process), Is.False, $"process {process} invoked twice without completing (line {i})");
                Assert.That(crashed.Contains(process), Is.False, $"process {process} reused after :info (line {i})");
                open[process] = op;
                continue;
            }
            Assert.That(type, Is.AnyOf(":ok", ":fail", ":info"));
            Assert.That(open.Remove(process, out var invoke), $"completion without invoke on process {process} (line {i})");
            Assert.That(op[":f"], Is.EqualTo(invoke![":f"]));
            var (k1, k2) = (((List<object?>)invoke[":value"]!)[0], ((List<object?>)op[":value"]!)[0]);
            Assert.That(k2, Is.EqualTo(k1), "same key");
            if (type == ":info")
            {
                crashed.Add(process);
            }
        }
        Assert.That(open, Is.Empty, "every operation completed");
        Assert.That(ops.Any(o => (long)o[":process"]! >= 60), "a client with a request in flight got a second process (60 clients)");
        Assert.That(ops.Select(o => (long)o[":process"]! % 60).Distinct().Count(), Is.LessThanOrEqualTo(60));
        Assert.That(types[":invoke"], Is.EqualTo(requests));
        Assert.That(types.GetValueOrDefault(":fail") + types.GetValueOrDefault(":info"),
            Is.EqualTo(summary.GetProperty("requests").GetProperty("error").GetInt64() + MissingUpdates(summary)));
    }

    private static long MissingUpdates(JsonElement summary) => summary.GetProperty("byOperation").GetProperty("update").GetProperty("missing").GetInt64();

    /// <summary>
    /// The register check Knossos would make, in its simplest sufficient form here (versions are unique and
    /// increase per key): a read must not return less than a write acknowledged before it was invoked. Shared RDS
    /// never does; SQLite per container does exactly as often as the summary counts missing and stale reads.
    /// </summary>
    [TestCase("sqlite")]
    [TestCase("rds")]
    public void RegisterCheck_FindsExactlyTheMissingAndStaleReads(string variant)
    {
        var (ops, summary) = RunVariant(variant);
        var acknowledged = new Dictionary<long, long>();
        var invokedAfter = new Dictionary<long, long>(); // process -> floor at its read's invoke
        var violations = 0;
        foreach (var op in ops)
        {
            var value = (List<object?>)op[":value"]!;
            var process = (long)op[":process"]!;
            var type = (string)op[":type"]!;
            if (value[0] is not long key)
            {
                continue;
            }
            if ((string)op[":f"]! == ":write")
            {
                if (type == ":ok")
                {
                    acknowledged[key] = Math.Max(acknowledged.GetValueOrDefault(key), (long)value[1]!);
                }
                continue;
            }
            if (type == ":invoke")
            {
                invokedAfter[process] = acknowledged.GetValueOrDefault(key);
            }
            else if (type == ":ok" && (value[1] is long v ? v : 0) < invokedAfter[process])
            {
                violations++;
            }
        }
        long Bad(string op) => summary.GetProperty("byOperation").GetProperty(op).GetProperty("missing").GetInt64()
                               + summary.GetProperty("byOperation").GetProperty(op).GetProperty("stale").GetInt64();
        Assert.That(violations, Is.EqualTo(Bad("readOwn") + Bad("readAny")));
        if (variant == "rds")
        {
            Assert.That(violations, Is.Zero);
        }
        else
        {
            Assert.That(violations, Is.GreaterThan(100));
        }
    }

    /// <summary>Just enough EDN for Jepsen histories: maps, vectors, keywords, integers, nil, strings.</summary>
    private static class Edn
    {
        public static object? Read(string text)
        {
            var pos = 0;
            var value = Value(text, ref pos);
            Skip(text, ref pos);
            if (pos != text.Length)
            {
                throw new FormatException($"trailing text at {pos}: {text}");
            }
            return value;
        }

        private static void Skip(string s, ref int p)
        {
            while (p < s.Length && (char.IsWhiteSpace(s[p]) || s[p] == ','))
            {
                p++;
            }
        }

        private static object? Value(string s, ref int p)
        {
            Skip(s, ref p);
            switch (s[p])
            {
                case '{':
                    {
                        p++;
                        var map = new Dictionary<string, object?>();
                        while (true)
                        {
                            Skip(s, ref p);
                            if (s[p] == '}')
                            {
                                p++;
                                return map;
                            }
                            var key = Value(s, ref p) as string ?? throw new FormatException("map key");
                            map.Add(key, Value(s, ref p));
                        }
                    }
                case '[':
                    {
                        p++;
                        var list = new List<object?>();
                        while (true)
                        {
                            Skip(s, ref p);
                            if (s[p] == ']')
                            {
                                p++;
                                return list;
                            }
                            list.Add(Value(s, ref p));
                        }
                    }
                case '"':
                    {
                        var end = s.IndexOf('"', p + 1);
                        var str = s[(p + 1)..end];
                        p = end + 1;
                        return "\"" + str;
                    }
                default:
                    {
                        var start = p;
                        while (p < s.Length && !char.IsWhiteSpace(s[p]) && s[p] is not (',' or '}' or ']'))
                        {
                            p++;
                        }
                        var token = s[start..p];
                        if (token == "nil")
                        {
                            return null;
                        }
                        if (token.StartsWith(':'))
                        {
                            return token;
                        }
                        return long.Parse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    }
            }
        }
    }
}
