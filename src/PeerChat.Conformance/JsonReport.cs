using System.Text.Encodings.Web;
using System.Text.Json;

namespace PeerChat.Conformance;

/// <summary><c>--json FILE</c>: the run for tools, one object with a <c>checks</c> array in run order.</summary>
public static class JsonReport
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(CheckReport report, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        w.WriteString("target", report.Target);
        w.WriteString("started", report.Started);
        w.WriteNumber("seconds", Math.Round(report.Duration.TotalSeconds, 3));
        w.WriteBoolean("passed", report.Passed);
        w.WriteStartObject("counts");
        foreach (var status in Enum.GetValues<CheckStatus>()) w.WriteNumber(Name(status), report.Count(status));
        w.WriteEndObject();
        w.WriteStartArray("checks");
        foreach (var r in report.Results)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Check.Id);
            w.WriteString("group", r.Check.Group);
            w.WriteString("section", r.Check.Section);
            w.WriteString("level", r.Check.Level == CheckLevel.Must ? "must" : "profile");
            w.WriteString("title", r.Check.Title);
            w.WriteString("status", Name(r.Status));
            w.WriteNumber("seconds", Math.Round(r.Duration.TotalSeconds, 3));
            if (r.SkipReason is { } reason) w.WriteString("reason", reason);
            if (r.Expected is not null)
            {
                w.WriteStartArray("sent");
                foreach (var line in r.Sent) w.WriteStringValue(line);
                w.WriteEndArray();
                w.WriteString("expected", r.Expected);
                w.WriteString("got", r.Got);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Name(CheckStatus status) => status.ToString().ToLowerInvariant();
}
