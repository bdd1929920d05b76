namespace Metrics.Tests.Shared;

/// <summary>Finds files of the repository from a test's output folder, so tests run from any checkout.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path under tests/fixtures.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Root, "tests", "fixtures", .. parts]);

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Metrics.sln"))) return dir;
        }
        throw new InvalidOperationException("cannot find Metrics.sln above " + AppContext.BaseDirectory);
    }
}
