using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReplicaSim.Model;

namespace ReplicaSim.Scenarios;

/// <summary>
/// JSON text -> JSON document (comments and trailing commas allowed) -> variant and <c>--set</c> overlays ->
/// validated, immutable <see cref="Scenario"/>. Every error names the file (the label the caller gives: the
/// CLI passes the path it read, the browser a display name) and line, or the <c>--set</c> it came from, and
/// the JSON path. The core reads no files: the CLI's file-path overloads (Cli/ScenarioFiles.cs) read the
/// bytes and call these.
/// </summary>
public static class ScenarioLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <summary>The scenario of a file's bytes: its own fields, or with <see cref="LoadOptions.Variant"/> merged over them.</summary>
    public static Scenario Load(byte[] utf8, string file, LoadOptions? options = null)
    {
        options ??= LoadOptions.None;
        var doc = Parse(utf8, file, options.AllowLarge);
        if (options.Variant is { } v)
        {
            var names = VariantNames(doc);
            if (!names.Contains(v))
            {
                throw new ScenarioException([new ScenarioError("--variant " + v, "variants",
                    names.Count == 0 ? "this file has no variants" : $"no variant \"{v}\"; the file has: {string.Join(", ", names)}")]);
            }
        }
        return Build(doc, options.Variant, options);
    }

    /// <summary>
    /// The scenarios a file stands for in a comparison: one per variant (the file's own fields being what they
    /// share), or the file itself when it has none.
    /// </summary>
    public static IReadOnlyList<Scenario> LoadVariants(byte[] utf8, string file, LoadOptions? options = null)
    {
        options ??= LoadOptions.None;
        var doc = Parse(utf8, file, options.AllowLarge);
        var names = VariantNames(doc);
        if (names.Count == 0)
        {
            return [Build(doc, null, options)];
        }
        var errors = new List<ScenarioError>();
        var result = new List<Scenario>();
        IReadOnlyList<ScenarioError>? own = null;
        foreach (var name in names)
        {
            try
            {
                result.Add(Build(doc, name, options));
            }
            catch (ScenarioException e)
            {
                own ??= ErrorsOf(doc, null, options);
                AddVariantErrors(errors, own, name, e.Errors);
            }
        }
        return errors.Count > 0 ? throw new ScenarioException(errors) : result;
    }

    private static IReadOnlyList<ScenarioError> ErrorsOf(Document doc, string? variant, LoadOptions options)
    {
        try
        {
            Build(doc, variant, options);
            return [];
        }
        catch (ScenarioException e)
        {
            return e.Errors;
        }
    }

    /// <summary>
    /// A variant's problems, each once. One the file has without the variant is the file's own; one that shows at a line of
    /// the file's own fields only once the variant is merged over them (a top-level instanceClass under a variant's
    /// "kind": "dynamodb") says which variant, or the student looks at a line that is fine on its own.
    /// </summary>
    private static void AddVariantErrors(List<ScenarioError> errors, IReadOnlyList<ScenarioError> own, string variant, IReadOnlyList<ScenarioError> found)
    {
        foreach (var x in found)
        {
            var e = own.Contains(x) || x.Path.StartsWith("variants.", StringComparison.Ordinal) || x.Location.StartsWith("--", StringComparison.Ordinal)
                ? x
                : x with { Message = x.Message + $" (with variant \"{variant}\" merged over the file)" };
            if (!errors.Contains(e))
            {
                errors.Add(e);
            }
        }
    }

    /// <summary>Every problem in a file and in each of its variants; empty when it is valid.</summary>
    public static IReadOnlyList<ScenarioError> Validate(byte[] utf8, string file, LoadOptions? options = null)
    {
        options ??= LoadOptions.None;
        try
        {
            var doc = Parse(utf8, file, options.AllowLarge);
            var own = ErrorsOf(doc, null, options);
            var errors = new List<ScenarioError>(own);
            foreach (var variant in VariantNames(doc))
            {
                AddVariantErrors(errors, own, variant, ErrorsOf(doc, variant, options));
            }
            return errors;
        }
        catch (ScenarioException e)
        {
            return e.Errors;
        }
    }

    private sealed record Document(string File, JsonObject Root, JsonLineMap Lines);

    /// <summary>
    /// The file's document with <paramref name="variant"/> (if any) merged over it and no variants left: one plain
    /// JSON experiment, indented, without comments (the browser playground edits it). Validation is left to <see cref="Load"/>.
    /// </summary>
    public static string Resolve(byte[] utf8, string file, string? variant)
    {
        var doc = Parse(utf8, file, allowLarge: false);
        var root = (JsonObject)doc.Root.DeepClone();
        var variants = root["variants"] as JsonObject;
        root.Remove("variants");
        if (variant is not null && variants?[variant] is JsonObject overlay)
        {
            Merge(root, (JsonObject)overlay.DeepClone(), "", _ => { });
        }
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            root.WriteTo(w);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A scenario from JSON text; <paramref name="label"/> stands for the file name in messages.</summary>
    public static Scenario LoadText(string json, string label, LoadOptions? options = null) =>
        Build(Parse(label, Encoding.UTF8.GetBytes(json)), null, options ?? LoadOptions.None);

    /// <summary>The bytes a reader of a scenario file may read: one more than the limit, so that "too large" can be told.</summary>
    public static int ReadLimit(bool allowLarge) => (allowLarge ? WorkLimits.MaxFileBytesAllowLarge : WorkLimits.MaxFileBytes) + 1;

    private static Document Parse(byte[] bytes, string file, bool allowLarge)
    {
        var limit = allowLarge ? WorkLimits.MaxFileBytesAllowLarge : WorkLimits.MaxFileBytes;
        if (bytes.Length > limit)
        {
            throw new ScenarioException([new ScenarioError(file, "", string.Create(CultureInfo.InvariantCulture,
                $"is larger than {limit / 1048576} MiB: a scenario file is a few KB, so this is probably not one") +
                (allowLarge ? "" : "; " + WorkLimits.HowToGoPast + string.Create(CultureInfo.InvariantCulture, $" (up to {WorkLimits.MaxFileBytesAllowLarge / 1048576} MiB)")))]);
        }
        return Parse(file, bytes);
    }

    private static Document Parse(string file, byte[] bytes)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var utf8 = bytes[start..];
        var lines = JsonLineMap.Build(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = DocumentOptions.MaxDepth });
        if (lines.Problem is { } problem)
        {
            throw new ScenarioException([new ScenarioError($"{file}:{problem.Line}:{problem.Column}", problem.Path, problem.Message)]);
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ScenarioException([new ScenarioError($"{file}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}", "", "malformed JSON: " + JsonLineMap.Reason(e))]);
        }
        if (node is not JsonObject root)
        {
            throw new ScenarioException([new ScenarioError($"{file}:1", "", "a scenario must be a JSON object { ... }")]);
        }
        return new Document(file, root, lines);
    }

    private static List<string> VariantNames(Document doc) =>
        doc.Root["variants"] is JsonObject v ? [.. v.Select(p => p.Key)] : [];

    private static Scenario Build(Document doc, string? variant, LoadOptions options)
    {
        var root = (JsonObject)doc.Root.DeepClone();
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<ScenarioError>();
        var variantsNode = root["variants"];
        root.Remove("variants");
        if (variantsNode is not null and not JsonObject)
        {
            errors.Add(new ScenarioError(Where(doc, "variants"), "variants",
                "must be an object of named overrides, e.g. {\"rds\": {\"storage\": {\"kind\": \"shared\"}}}"));
        }
        if (variant is not null)
        {
            var vpath = "variants." + variant;
            if (!ScenarioReader.SafeName().IsMatch(variant))
            {
                errors.Add(new ScenarioError(Where(doc, vpath), vpath, $"\"{variant}\" cannot name an output folder: use letters, digits, '-', '_' and '.'"));
            }
            if (variantsNode?[variant] is JsonObject overlay)
            {
                foreach (var forbidden in new[] { "seed", "variants", "name" })
                {
                    if (overlay[forbidden] is not null)
                    {
                        errors.Add(new ScenarioError(Where(doc, vpath + "." + forbidden), vpath + "." + forbidden,
                            forbidden == "seed" ? "a variant cannot change the seed: every variant must see the same traffic and faults"
                                                : $"a variant cannot set \"{forbidden}\""));
                        overlay = (JsonObject)overlay.DeepClone();
                        overlay.Remove(forbidden);
                    }
                }
                Merge(root, (JsonObject)overlay.DeepClone(), "", path => origins[path] = "variant:" + variant);
            }
            else
            {
                errors.Add(new ScenarioError(Where(doc, vpath), vpath, "a variant must be an object of overrides"));
            }
        }
        foreach (var set in options.Sets ?? [])
        {
            if (!ApplySet(root, set, out var setPath, out var problem))
            {
                errors.Add(new ScenarioError("--set " + set, setPath, problem));
                continue;
            }
            origins[setPath] = "set:" + set;
        }
        if (options.Param is { } param)
        {
            var label = options.ParamLabel ?? "--param " + param;
            if (!ApplySet(root, param, out var paramPath, out var problem))
            {
                errors.Add(new ScenarioError(label, paramPath, problem));
            }
            else
            {
                origins[paramPath] = "param:" + label;
            }
        }
        if (options.Seed is { } seed)
        {
            root["seed"] = seed;
        }
        foreach (var nullPath in NullFields(root, ""))
        {
            var (location, shown) = Locate(doc, origins, nullPath);
            errors.Add(new ScenarioError(location, shown, "is null; leave the field out to get its default"));
        }
        var reader = new ScenarioReader();
        var scenario = reader.Read(root, NameOf(doc.File));
        foreach (var (path, message) in reader.Errors)
        {
            var (location, shown) = Locate(doc, origins, path);
            var text = message;
            if (message.Contains(ScenarioReader.PastTheEnd, StringComparison.Ordinal) && origins.TryGetValue("duration", out var from) && from.StartsWith("set:", StringComparison.Ordinal))
            {
                // The file's faults were fine until a --set shortened the run under them: say so where the fault is.
                text += $": the run was shortened by --set {from[4..]}; move or drop the faults too (--set faults=[] drops them all)";
            }
            errors.Add(new ScenarioError(location, shown, text));
        }
        if (scenario is not null && errors.Count == 0 && !options.AllowLarge)
        {
            foreach (var (path, message) in WorkLimits.Check(scenario))
            {
                var (location, shown) = Locate(doc, origins, path);
                errors.Add(new ScenarioError(location, shown, message));
            }
        }
        if (errors.Count > 0 || scenario is null)
        {
            throw new ScenarioException(errors);
        }
        return variant is null ? scenario : scenario with { Variant = variant };
    }

    /// <summary>The paths of object fields whose value is null (the schema allows null nowhere).</summary>
    private static IEnumerable<string> NullFields(JsonNode? node, string path)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                var child = path.Length == 0 ? key : path + "." + key;
                if (value is null)
                {
                    yield return child;
                }
                else
                {
                    foreach (var p in NullFields(value, child))
                    {
                        yield return p;
                    }
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                foreach (var p in NullFields(a[i], $"{path}[{i}]"))
                {
                    yield return p;
                }
            }
        }
    }

    /// <summary>Where an error at <paramref name="path"/> comes from: the file, the variant that set it, or a --set.</summary>
    private static (string Location, string Path) Locate(Document doc, Dictionary<string, string> origins, string path)
    {
        (string, string) From(string origin)
        {
            if (origin.StartsWith("set:", StringComparison.Ordinal))
            {
                return ("--set " + origin[4..], path);
            }
            if (origin.StartsWith("param:", StringComparison.Ordinal))
            {
                return (origin[6..], path);
            }
            var vpath = "variants." + origin["variant:".Length..] + "." + path;
            return (Where(doc, vpath), vpath);
        }
        var p = path;
        while (true)
        {
            if (origins.TryGetValue(p, out var origin))
            {
                return From(origin);
            }
            if (p.Length == 0)
            {
                break;
            }
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            p = cut < 0 ? "" : p[..cut];
        }
        // A field the file does not have, created by a --set or a variant below it ("servce" from --set servce.replicas=2).
        if (path.Length > 0 && !doc.Lines.Has(path))
        {
            foreach (var (key, origin) in origins.OrderBy(x => x.Key, StringComparer.Ordinal))
            {
                if (key.StartsWith(path + ".", StringComparison.Ordinal) || key.StartsWith(path + "[", StringComparison.Ordinal))
                {
                    return From(origin);
                }
            }
        }
        return (Where(doc, path), path);
    }

    /// <summary>The scenario's default name: the label's last path segment without its extension ("scenarios/x.json" -> "x").</summary>
    public static string NameOf(string label)
    {
        var start = Math.Max(label.LastIndexOf('/'), label.LastIndexOf('\\')) + 1;
        var dot = label.LastIndexOf('.');
        return dot >= start ? label[start..dot] : label[start..];
    }

    private static string Where(Document doc, string path) => doc.Lines.LineOf(path) is { } line ? $"{doc.File}:{line}" : doc.File;

    /// <summary>Deep merge: objects merge field by field; anything else replaces.</summary>
    private static void Merge(JsonObject target, JsonObject overlay, string prefix, Action<string> touched)
    {
        foreach (var (key, value) in overlay.ToList())
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            overlay.Remove(key);
            if (value is JsonObject o && target[key] is JsonObject t && !IsDistribution(o))
            {
                Merge(t, o, path, touched);
            }
            else
            {
                target[key] = value;
                touched(path);
            }
        }
    }

    private static bool IsDistribution(JsonObject o) => o.Count == 1 && ScenarioReader.DistributionKinds.Contains(o.First().Key);

    /// <summary>Applies "a.b[2].c=VALUE". VALUE is JSON when it parses as JSON, else a string.</summary>
    private static bool ApplySet(JsonObject root, string set, out string path, out string problem)
    {
        path = "";
        var eq = set.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            problem = "expected PATH=VALUE, e.g. service.replicas=3";
            return false;
        }
        path = set[..eq].Trim();
        var text = set[(eq + 1)..];
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(text, documentOptions: DocumentOptions);
        }
        catch (JsonException)
        {
            value = JsonValue.Create(text);
        }
        var segments = new List<(string Name, int? Index)>();
        foreach (var part in path.Split('.'))
        {
            var name = part;
            int? index = null;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                if (!part.EndsWith(']') || !int.TryParse(part[(bracket + 1)..^1], out var i) || i < 0)
                {
                    problem = $"\"{part}\" is not a field or a field[index]";
                    return false;
                }
                name = part[..bracket];
                index = i;
            }
            if (name.Length == 0)
            {
                problem = "has an empty field name";
                return false;
            }
            segments.Add((name, index));
        }
        if (segments[0].Name == "variants")
        {
            problem = "a variant cannot be changed from the command line: pick it with --variant NAME and --set its fields directly " +
                      "(e.g. --variant NAME --set service.replicas=3)";
            return false;
        }
        if (UnknownSegment(segments) is { } unknown)
        {
            problem = unknown;
            return false;
        }
        JsonNode current = root;
        for (var s = 0; s < segments.Count; s++)
        {
            var (name, index) = segments[s];
            var last = s == segments.Count - 1;
            if (current is not JsonObject obj)
            {
                problem = $"cannot set a field inside a {current.GetValueKind().ToString().ToLowerInvariant()}";
                return false;
            }
            if (index is null)
            {
                if (last)
                {
                    obj[name] = value;
                    break;
                }
                current = obj[name] ??= new JsonObject();
                continue;
            }
            if (obj[name] is not JsonArray array || index >= array.Count)
            {
                problem = $"{name}[{index}] does not exist in the scenario";
                return false;
            }
            if (last)
            {
                array[index.Value] = value;
                break;
            }
            if (array[index.Value] is not { } element)
            {
                problem = $"{name}[{index}] is null in the scenario, so it has no field to set; replace the whole entry, e.g. --set '{name}[{index}]={{\"at\": \"1m\", \"kind\": \"deploy\"}}'";
                return false;
            }
            current = element;
        }
        problem = "";
        return true;
    }

    /// <summary>
    /// Null when every field the path names is one the scenario knows (as far as the table of known fields goes);
    /// else what is wrong, with the whole path as it probably should read ("servce.replicas" -> "service.replicas").
    /// </summary>
    private static string? UnknownSegment(List<(string Name, int? Index)> segments)
    {
        var pattern = "";
        for (var s = 0; s < segments.Count; s++)
        {
            if (!ScenarioReader.KnownFields.TryGetValue(pattern, out var known))
            {
                return null;
            }
            var (name, index) = segments[s];
            if (!known.Contains(name))
            {
                var suggestion = EditDistance.Suggest(name, known);
                if (suggestion is null)
                {
                    var where = pattern.Length == 0 ? "at the top level" : $"in {pattern}";
                    return $"\"{name}\" is not a field {where} (fields there: {string.Join(", ", known)})";
                }
                var fixedPath = string.Join(".", segments.Select((x, i) => (i == s ? suggestion : x.Name) + (x.Index is { } n ? $"[{n}]" : "")));
                return $"\"{name}\" is not a field here; did you mean \"{suggestion}\", as in \"{fixedPath}\"?";
            }
            pattern = (pattern.Length == 0 ? name : pattern + "." + name) + (index is null ? "" : "[]");
        }
        return null;
    }
}
