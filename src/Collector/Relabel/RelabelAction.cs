namespace Metrics.Collector.Relabel;

/// <summary>What one relabel step does; the YAML names are the lower-case member names.</summary>
public enum RelabelAction
{
    /// <summary>Matches the joined source values against the regex and writes the expanded replacement to the expanded target label; no match changes nothing.</summary>
    Replace,
    /// <summary>Drops the series unless the regex matches the joined source values.</summary>
    Keep,
    /// <summary>Drops the series when the regex matches the joined source values.</summary>
    Drop,
    /// <summary>Drops the series unless the joined source values equal the target label's value.</summary>
    KeepEqual,
    /// <summary>Drops the series when the joined source values equal the target label's value.</summary>
    DropEqual,
    /// <summary>Writes the MD5 of the joined source values modulo <c>modulus</c> to the target label.</summary>
    HashMod,
    /// <summary>Copies every label whose name matches the regex to the name given by the expanded replacement.</summary>
    LabelMap,
    /// <summary>Removes every label whose name matches the regex.</summary>
    LabelDrop,
    /// <summary>Removes every label whose name does not match the regex.</summary>
    LabelKeep,
    /// <summary>Writes the joined source values in lower case to the target label.</summary>
    Lowercase,
    /// <summary>Writes the joined source values in upper case to the target label.</summary>
    Uppercase,
}
