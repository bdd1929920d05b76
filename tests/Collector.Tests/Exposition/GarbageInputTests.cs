using Metrics.Collector.Exposition;

namespace Metrics.Collector.Tests.Exposition;

/// <summary>Hostile input must end in a clean <see cref="ExpositionFormatException"/> or a result, never a crash or hang.</summary>
public class GarbageInputTests
{
    private static readonly byte[] Alphabet = "abc_:{}=\",\\n \t#\n\r019.+-eEInfNa\0"u8.ToArray();

    [Fact]
    public void Random_bytes_never_escape_as_other_exceptions()
    {
        var random = new Random(20240604);
        for (int round = 0; round < 5000; round++)
        {
            byte[] payload = new byte[random.Next(0, 80)];
            if (round % 2 == 0) random.NextBytes(payload);
            // Half the rounds draw from the format's own punctuation, which reaches deeper into the parser.
            else for (int i = 0; i < payload.Length; i++) payload[i] = Alphabet[random.Next(Alphabet.Length)];
            AssertFailsCleanly(payload);
        }
    }

    [Fact]
    public void Mutated_real_lines_never_escape_as_other_exceptions()
    {
        byte[] original = File.ReadAllBytes(Path.Combine(ExpositionTestHelpers.PeerDirectory, "alltypes.237mfs.prom.txt"))[..4000];
        var random = new Random(7);
        for (int round = 0; round < 300; round++)
        {
            byte[] payload = (byte[])original.Clone();
            for (int k = 0; k < 3; k++) payload[random.Next(payload.Length)] = (byte)random.Next(256);
            AssertFailsCleanly(payload);
        }
    }

    private static void AssertFailsCleanly(byte[] payload)
    {
        int lines = 1 + payload.Count(b => b == (byte)'\n');
        try
        {
            TextExpositionParser.ParseAll(payload);
        }
        catch (ExpositionFormatException ex)
        {
            Assert.InRange(ex.LineNumber, 1, lines);
            Assert.StartsWith($"line {ex.LineNumber}: ", ex.Message, StringComparison.Ordinal);
        }
    }
}
