using System.Text;
using System.Text.Json;

namespace ReplicaSim.Scenarios;

/// <summary>
/// Maps each JSON path in a document ("service.replicas", "faults[2].kind") to its 1-based line, and finds the
/// first thing in the text that a scenario cannot be read from: bytes that are not UTF-8, malformed JSON, a key
/// given twice in one object, a string with a lone surrogate escape.
/// </summary>
public sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    /// <summary>The first problem in the text, at its own line and column (both 1-based); null when there is none.</summary>
    public JsonTextProblem? Problem { get; private set; }

    public static JsonLineMap Build(byte[] utf8, JsonReaderOptions? options = null)
    {
        var map = new JsonLineMap();
        var newlines = new List<int>();
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }
        int LineOf(long offset)
        {
            var index = newlines.BinarySearch((int)offset);
            return (index < 0 ? ~index : index) + 1;
        }
        int ColumnOf(long offset)
        {
            var line = LineOf(offset);
            var start = line == 1 ? 0 : newlines[line - 2] + 1;
            // Columns count characters, as an editor shows them, not bytes.
            return Encoding.UTF8.GetCharCount(utf8, start, (int)offset - start) + 1;
        }
        if (FirstInvalidUtf8(utf8) is { } bad)
        {
            map.Problem = new JsonTextProblem(LineOf(bad), ColumnOf(bad), "",
                $"the file is not UTF-8 text (byte 0x{utf8[bad]:X2} here); save it as UTF-8");
            return map;
        }
        var reader = new Utf8JsonReader(utf8, options ?? new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new List<(string Path, bool IsArray, int Index, Dictionary<string, int>? Keys)>();
        string? property = null;
        string ValuePath()
        {
            if (stack.Count == 0)
            {
                return "";
            }
            var top = stack[^1];
            if (top.IsArray)
            {
                stack[^1] = (top.Path, true, top.Index + 1, null);
                return $"{top.Path}[{top.Index}]";
            }
            return property ?? top.Path;
        }
        void Fail(long offset, string path, string message) =>
            map.Problem ??= new JsonTextProblem(LineOf(offset), ColumnOf(offset), path, message);
        try
        {
            while (map.Problem is null && reader.Read())
            {
                var line = LineOf(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        {
                            var parent = stack.Count == 0 ? "" : stack[^1].Path;
                            if (!TryGetString(ref reader, out var name))
                            {
                                Fail(reader.TokenStartIndex, parent, "a field name holds a lone surrogate escape (\\uD800-\\uDFFF without its pair)");
                                break;
                            }
                            property = parent.Length == 0 ? name : parent + "." + name;
                            var keys = stack[^1].Keys!;
                            if (keys.TryGetValue(name, out var first))
                            {
                                Fail(reader.TokenStartIndex, property, $"\"{name}\" is given twice in this object (first on line {first}); keep one");
                                break;
                            }
                            keys.Add(name, line);
                            map._lines.TryAdd(property, line);
                            break;
                        }
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        {
                            var path = ValuePath();
                            map._lines.TryAdd(path, line);
                            var isArray = reader.TokenType == JsonTokenType.StartArray;
                            stack.Add((path, isArray, 0, isArray ? null : new Dictionary<string, int>(StringComparer.Ordinal)));
                            property = null;
                            break;
                        }
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        property = null;
                        break;
                    default:
                        {
                            var path = ValuePath();
                            if (reader.TokenType == JsonTokenType.String && !TryGetString(ref reader, out _))
                            {
                                Fail(reader.TokenStartIndex, path, "the string holds a lone surrogate escape (\\uD800-\\uDFFF without its pair)");
                                break;
                            }
                            map._lines.TryAdd(path, line);
                            property = null;
                            break;
                        }
                }
            }
        }
        catch (JsonException e)
        {
            map.Problem ??= new JsonTextProblem((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, "", "malformed JSON: " + Reason(e));
        }
        return map;
    }

    /// <summary>System.Text.Json's message without the position and path it appends: the tool gives one position of its own.</summary>
    public static string Reason(JsonException e)
    {
        var reason = e.Message;
        foreach (var tail in new[] { " LineNumber:", " Path:", " | " })
        {
            var cut = reason.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut];
            }
        }
        return reason.TrimEnd();
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }

    private static int? FirstInvalidUtf8(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (System.Text.Unicode.Utf8.IsValid(span))
        {
            return null;
        }
        var offset = 0;
        while (offset < span.Length)
        {
            if (System.Buffers.OperationStatus.Done != System.Text.Rune.DecodeFromUtf8(span[offset..], out _, out var consumed))
            {
                return offset;
            }
            offset += consumed;
        }
        return null;
    }

    /// <summary>Whether the file itself holds <paramref name="path"/>.</summary>
    public bool Has(string path) => _lines.ContainsKey(path);

    /// <summary>The line of a path, or of its nearest ancestor that is in the file.</summary>
    public int? LineOf(string path)
    {
        var p = path;
        while (true)
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }
            if (p.Length == 0)
            {
                return null;
            }
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            p = cut < 0 ? "" : p[..cut];
        }
    }
}
