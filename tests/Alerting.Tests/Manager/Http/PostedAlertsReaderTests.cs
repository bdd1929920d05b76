using System.Text;
using System.Text.Json;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Http;

namespace Metrics.Alerting.Tests.Manager.Http;

public sealed class PostedAlertsReaderTests
{
    private static List<PostedAlert> Read(string json) => PostedAlertsReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void ReadsEveryField()
    {
        var alerts = Read("""
            [{"labels": {"alertname": "Down", "instance": "a:9100"}, "annotations": {"summary": "a is down"},
              "startsAt": "2026-03-01T12:00:00.5Z", "endsAt": "2026-03-01T13:00:00+01:00", "generatorURL": "http://prom/graph",
              "unknownField": {"nested": [1, 2, {"x": null}]}},
             {"labels": {"alertname": "Up"}}]
            """);
        Assert.Equal(2, alerts.Count);
        PostedAlert a = alerts[0];
        Assert.Equal([new("alertname", "Down"), new("instance", "a:9100")], a.Labels);
        Assert.Equal([new("summary", "a is down")], a.Annotations);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 500, TimeSpan.Zero), a.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), a.EndsAt);
        Assert.Equal("http://prom/graph", a.GeneratorUrl);
        PostedAlert b = alerts[1];
        Assert.Empty(b.Annotations);
        Assert.Null(b.StartsAt);
        Assert.Null(b.EndsAt);
        Assert.Equal("", b.GeneratorUrl);
    }

    [Fact]
    public void EmptyArrayIsNoAlerts() => Assert.Empty(Read(" [ ] "));

    [Fact]
    public void EscapedAndNonAsciiTextsAreDecoded()
    {
        var alerts = Read("""[{"labels": {"a\u0062": "x\"y\\z\n", "zone": "zürich", "emoji": "🔥"}, "annotations": {"s": "\u00e9t\u00e9"}}]""");
        Assert.Equal([new("ab", "x\"y\\z\n"), new("zone", "zürich"), new("emoji", "🔥")], alerts[0].Labels);
        Assert.Equal("été", alerts[0].Annotations[0].Value);
    }

    [Fact]
    public void RepeatedTextsShareOneStringAcrossAlerts()
    {
        var alerts = Read("""[{"labels": {"job": "api", "instance": "a"}}, {"labels": {"job": "api", "instance": "b"}}]""");
        Assert.Same(alerts[0].Labels[0].Value, alerts[1].Labels[0].Value);
        Assert.Same(alerts[0].Labels[0].Key, alerts[1].Labels[0].Key);
        Assert.NotEqual(alerts[0].Labels[1].Value, alerts[1].Labels[1].Value);
    }

    [Fact]
    public void ARepeatedFieldKeepsItsLastValue()
    {
        var alerts = Read("""[{"labels": {"a": "1"}, "labels": {"b": "2"}, "generatorURL": "x", "generatorURL": "y", "annotations": {"s": "1"}, "annotations": null}]""");
        Assert.Equal([new("b", "2")], alerts[0].Labels);
        Assert.Equal("y", alerts[0].GeneratorUrl);
        Assert.Empty(alerts[0].Annotations);
    }

    [Fact]
    public void ZeroTimeMeansNotSet()
    {
        var alerts = Read("""[{"labels": {"a": "1"}, "startsAt": "0001-01-01T00:00:00Z", "endsAt": null}]""");
        Assert.Null(alerts[0].StartsAt);
        Assert.Null(alerts[0].EndsAt);
    }

    [Theory]
    [InlineData("""{"labels": {}}""", "body must be a JSON array of alerts")]
    [InlineData("""[1]""", "alerts[0]: expected an object")]
    [InlineData("""[{"labels": {"a": "1"}}, "x"]""", "alerts[1]: expected an object")]
    [InlineData("""[{"labels": null}]""", "alerts[0].labels: expected an object of strings")]
    [InlineData("""[{"labels": {"a": 1}}]""", "alerts[0].labels.a: expected a string")]
    [InlineData("""[{"labels": {"a": "1"}, "annotations": {"s": ["x"]}}]""", "alerts[0].annotations.s: expected a string")]
    [InlineData("""[{"labels": {"a": "1"}, "startsAt": "yesterday"}]""", "alerts[0].startsAt in body must be of type date-time: yesterday")]
    [InlineData("""[{"labels": {"a": "1"}, "endsAt": 17}]""", "alerts[0].endsAt in body must be of type date-time: 17")]
    [InlineData("""[{"labels": {"a": "1"}, "endsAt": {"t": 1}}]""", """alerts[0].endsAt in body must be of type date-time: {"t": 1}""")]
    public void ShapeErrorsNameTheAlertAndField(string json, string message)
        => Assert.Equal(message, Assert.Throws<FormatException>(() => Read(json)).Message);

    [Fact]
    public void MissingLabelsIsAMissingField()
        => Assert.Equal("1.labels in body is required",
            Assert.Throws<MissingFieldException>(() => Read("""[{"labels": {"a": "1"}}, {"annotations": {}}]""")).Message);

    [Theory]
    [InlineData("")]
    [InlineData("[")]
    [InlineData("""[{"labels": {"a": "1"}}""")]
    [InlineData("""[{"labels": {"a": "1"}}] x""")]
    [InlineData("""[{"labels": {"a": "1"}}][]""")]
    [InlineData("""[{"labels": {"a": "1",}}]""")]
    // Go decodes the whole body before validating it, so a later syntax error wins over an earlier shape error.
    [InlineData("""[{"annotations": {}}, {"labels": """)]
    [InlineData("""[{"labels": {"a": 1}}, {"labels": {"b" "2"}}]""")]
    public void MalformedJsonIsAJsonError(string json) => Assert.ThrowsAny<JsonException>(() => Read(json));

    [Fact]
    public void MutatedBodiesGiveOnlyTheDocumentedErrors()
    {
        // Every outcome must map to a 4xx answer: a result, or one of the three documented exceptions.
        byte[] valid = Encoding.UTF8.GetBytes("""
            [{"labels": {"alertname": "Down", "instance": "h\u00e9:9100"}, "annotations": {"summary": "x \"y\""},
              "startsAt": "2026-03-01T12:00:00.5Z", "endsAt": "2026-03-01T13:00:00+01:00", "generatorURL": "http://p/g"},
             {"labels": {"a": "1"}, "annotations": null, "startsAt": null}]
            """);
        var random = new Random(11);
        byte[] alphabet = [.. "[]{}\",:0123456789.-+eEtrufalsn \\u\n"u8, 0xC3, 0xA9, 0xFF, 0x00, 0xBF];
        for (int i = 0; i < 20_000; i++)
        {
            var body = new List<byte>(valid);
            for (int edits = 1 + random.Next(4); edits > 0 && body.Count > 0; edits--)
            {
                int at = random.Next(body.Count);
                switch (random.Next(4))
                {
                    case 0: body[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: body.RemoveAt(at); break;
                    case 2: body.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: body.RemoveRange(at, body.Count - at); break;
                }
            }
            try
            {
                PostedAlertsReader.Read(body.ToArray());
            }
            catch (Exception e) when (e is JsonException or FormatException or MissingFieldException)
            {
            }
        }
    }

    [Fact]
    public void InvalidUtf8IsAFormatError()
    {
        byte[] body = [.. "[{\"labels\": {\"a\": \""u8, 0xC3, 0x28, .. "\"}}]"u8];
        Assert.Equal("body is not valid UTF-8", Assert.Throws<FormatException>(() => PostedAlertsReader.Read(body)).Message);
    }
}
