using System.Text.Json;

namespace ReplicaSim.Scenarios;

/// <summary>Maps each JSON path in a document ("service.replicas", "faults[2].kind") to its 1-based line.</summary>
public sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public static JsonLineMap Build(byte[] utf8)
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
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new List<(string Path, bool IsArray, int Index)>();
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
                stack[^1] = (top.Path, true, top.Index + 1);
                return $"{top.Path}[{top.Index}]";
            }
            return property ?? top.Path;
        }
        try
        {
            while (reader.Read())
            {
                var line = LineOf(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        {
                            var parent = stack.Count == 0 ? "" : stack[^1].Path;
                            var name = reader.GetString() ?? "";
                            property = parent.Length == 0 ? name : parent + "." + name;
                            map._lines.TryAdd(property, line);
                            break;
                        }
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        {
                            var path = ValuePath();
                            map._lines.TryAdd(path, line);
                            stack.Add((path, reader.TokenType == JsonTokenType.StartArray, 0));
                            property = null;
                            break;
                        }
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        property = null;
                        break;
                    default:
                        map._lines.TryAdd(ValuePath(), line);
                        property = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed documents are reported by the parser; the map keeps what it read.
        }
        return map;
    }

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
