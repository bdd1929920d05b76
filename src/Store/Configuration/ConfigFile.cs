namespace Metrics.Store.Configuration;

/// <summary>Reads a configuration file so that a missing or unreadable one is a <see cref="ConfigException"/> naming it.</summary>
public static class ConfigFile
{
    public static string ReadAllText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, 0, "", "cannot read file: " + e.Message);
        }
    }
}
