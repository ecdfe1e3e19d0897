package io.voxline.app.config;

/** A configuration mistake, said as "FILE:LINE: KEY: why" so a person can go straight to it. */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public ConfigException(final String message)
    {
        super(message);
    }

    static ConfigException at(final String file, final int line, final String key, final String why)
    {
        return new ConfigException(file + ":" + line + ": " + key + ": " + why);
    }
}
