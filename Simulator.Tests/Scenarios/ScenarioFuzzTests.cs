using System.Text;
using System.Text.RegularExpressions;
using ReplicaSim.Metrics;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Scenarios;

/// <summary>
/// Issue 13, item 7: every scenario of the library, mutated a few hundred times each by a seeded loop (byte flips,
/// deleted and duplicated tokens, extreme numbers, wrong types, nulls, tricky --set overrides). Every mutant must
/// be valid or rejected with located messages in the tool's words; never another exception. Some valid mutants
/// are also run, shortened, to show that what the loader accepts the model runs.
/// </summary>
public sealed partial class ScenarioFuzzTests
{
    private const int MutantsPerFile = 300;

    private static readonly string[] Extremes =
    [
        "0", "-1", "1e308", "-1e308", "1e400", "0.0000001", "9223372036854775807", "-9223372036854775808", "2147483648", "0.05", "1.5",
        "null", "true", "false", "\"\"", "[]", "{}", "[null]", "{\"x\": 1}", "\"1us\"", "\"0s\"", "\"365d\"", "\"99999999999999d\"", "\".5m\"", "\"5.m\"",
        "\"\\ud800\"", "\"\\u0000\"", "\"az-a\"", "\"shared\"", "\"deploy\"", "{\"weibull\": {\"shape\": 0.05, \"scale\": \"365d\"}}",
        "{\"exponential\": {\"mean\": \"1us\"}}", "{\"lognormal\": {\"median\": \"1s\", \"p99\": \"365d\"}}", "{\"uniform\": {\"min\": \"5s\", \"max\": \"1s\"}}",
    ];

    private static readonly string[] Sets =
    [
        "faults[0].at=1m", "faults[0]=null", "faults[-1].at=1m", "faults[99].kind=deploy", "variants.x.seed=5", "service=3", "service.replicas.x=1",
        "=", "a..b=1", "[0]=1", "seed=1e400", "zones[0]=null", "servce.replicas=2", "storage.standby=true", "workload.arrivalRate=1e9",
        "duration=.5m", "service.serviceTime={\"weibull\":{\"shape\":0.05,\"scale\":\"365d\"}}", "faults=[{\"every\":\"1us\",\"kind\":\"deploy\"}]",
    ];

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null|[{}\\[\\]:,]")]
    private static partial Regex Token();

    private static IEnumerable<string> LibraryFiles() =>
        Directory.GetFiles(Path.Combine(TestScenario.RepoRoot(), "scenarios"), "*.json")
            .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    [Test]
    public void Mutants_OfEveryLibraryScenario_AreValidOrRejectedWithLocatedMessages()
    {
        var files = LibraryFiles().ToList();
        Assert.That(files, Has.Count.GreaterThanOrEqualTo(10));
        var work = TestScenario.WriteTemp("{}", "mutant");
        var failures = new List<string>();
        int valid = 0, rejected = 0, ran = 0;
        foreach (var file in files)
        {
            var original = File.ReadAllBytes(file);
            var text = Encoding.UTF8.GetString(original);
            var tokens = Token().Matches(text).ToList();
            var random = new Random(Path.GetFileName(file).Length * 7919 + original.Length);
            for (var m = 0; m < MutantsPerFile; m++)
            {
                var mutant = Mutate(original, text, tokens, random, out var how);
                File.WriteAllBytes(work, mutant);
                string[] sets = m % 7 == 0 ? [Sets[random.Next(Sets.Length)]] : [];
                var label = $"{Path.GetFileName(file)} mutant {m} ({how}{(sets.Length > 0 ? ", --set " + sets[0] : "")})";
                try
                {
                    var errors = ScenarioLoader.Validate(work);
                    Check(errors, work, label, failures);
                    if (sets.Length > 0)
                    {
                        try
                        {
                            ScenarioLoader.LoadVariants(work, new LoadOptions(null, sets));
                        }
                        catch (ScenarioException e)
                        {
                            Check(e.Errors, work, label, failures);
                        }
                    }
                    if (errors.Count > 0)
                    {
                        rejected++;
                        continue;
                    }
                    valid++;
                    var scenarios = ScenarioLoader.LoadVariants(work);
                    if (valid % 25 == 0)
                    {
                        // Run the first variant for a short while: what the loader accepts must run without an internal error.
                        var s = scenarios[0];
                        var shortened = s with
                        {
                            Duration = ReplicaSim.Engine.Duration.FromSeconds(Math.Min(30, s.Duration.TotalSeconds)),
                            Faults = [.. s.Faults.Where(f => f.At is null || f.At.Value.TotalSeconds < 30)],
                            TimelineBucket = ReplicaSim.Engine.Duration.FromSeconds(1),
                        };
                        Runner.Run(shortened);
                        ran++;
                    }
                }
                catch (ScenarioException e)
                {
                    Check(e.Errors, work, label, failures);
                }
                catch (Exception e)
                {
                    failures.Add($"{label}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        TestContext.Out.WriteLine($"{files.Count * MutantsPerFile} mutants: {valid} valid ({ran} run), {rejected} rejected");
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(20)));
        Assert.That(rejected, Is.GreaterThan(files.Count * MutantsPerFile / 4), "the mutations reach the loader's checks");
        Assert.That(valid, Is.GreaterThan(files.Count * 10), "some mutants stay valid, and some of those are run");
    }

    private static void Check(IReadOnlyList<ScenarioError> errors, string file, string label, List<string> failures)
    {
        foreach (var e in errors)
        {
            var located = e.Location.StartsWith("--set ", StringComparison.Ordinal)
                          || LocatedInFile().IsMatch(e.Location[Math.Min(file.Length, e.Location.Length)..]) && e.Location.StartsWith(file, StringComparison.Ordinal);
            if (!located || e.Message.Length == 0 || ForeignWords().IsMatch(e.ToString()))
            {
                failures.Add($"{label}: {e}");
            }
        }
    }

    [GeneratedRegex("^:[0-9]+(:[0-9]+)?$")]
    private static partial Regex LocatedInFile();

    [GeneratedRegex("LineNumber|BytePositionInLine|Exception|Parameter '|System\\.")]
    private static partial Regex ForeignWords();

    private static byte[] Mutate(byte[] bytes, string text, List<Match> tokens, Random random, out string how)
    {
        switch (random.Next(6))
        {
            case 0:
                {
                    var copy = (byte[])bytes.Clone();
                    var flips = 1 + random.Next(3);
                    for (var i = 0; i < flips; i++)
                    {
                        copy[random.Next(copy.Length)] = (byte)random.Next(256);
                    }
                    how = $"{flips} byte(s) flipped";
                    return copy;
                }
            case 1:
                {
                    var t = tokens[random.Next(tokens.Count)];
                    how = $"token {t.Value} deleted";
                    return Encoding.UTF8.GetBytes(text.Remove(t.Index, t.Length));
                }
            case 2:
                {
                    var t = tokens[random.Next(tokens.Count)];
                    how = $"token {t.Value} duplicated";
                    return Encoding.UTF8.GetBytes(text.Insert(t.Index, t.Value));
                }
            case 3:
            case 4:
                {
                    // A value (not a field name: the next token is not ':') replaced by an extreme or a wrong type.
                    var values = tokens.Where((t, i) => t.Value is not ("{" or "}" or "[" or "]" or ":" or ",") && (i + 1 >= tokens.Count || tokens[i + 1].Value != ":")).ToList();
                    var t = values[random.Next(values.Count)];
                    var extreme = Extremes[random.Next(Extremes.Length)];
                    how = $"{t.Value} -> {extreme}";
                    return Encoding.UTF8.GetBytes(text.Remove(t.Index, t.Length).Insert(t.Index, extreme));
                }
            default:
                {
                    // A field repeated or added inside an object.
                    var opens = tokens.Where(t => t.Value == "{").ToList();
                    var t = opens[random.Next(opens.Count)];
                    var names = tokens.Where(n => n.Value.StartsWith('"')).Select(n => n.Value).ToList();
                    var field = $"{names[random.Next(names.Count)]}: {Extremes[random.Next(Extremes.Length)]},";
                    how = $"field {field} inserted";
                    return Encoding.UTF8.GetBytes(text.Insert(t.Index + 1, field));
                }
        }
    }
}
