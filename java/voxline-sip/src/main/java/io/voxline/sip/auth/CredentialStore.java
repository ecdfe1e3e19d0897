package io.voxline.sip.auth;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.voxline.sip.parse.BufferView;

/**
 * The users a registrar/proxy accepts, from a users file (UTF-8), one user a line:
 * <pre>
 *   USER:PASSWORD         the password itself (everything after the first ':', may contain ':')
 *   USER:md5:HEX          HA1 = MD5(USER:REALM:PASSWORD), 32 hex digits, for MD5 answers
 *   USER:sha256:HEX       HA1 = SHA-256(USER:REALM:PASSWORD), 64 hex digits, for SHA-256 answers
 * </pre>
 * Blank lines and lines starting with '#' are skipped; white space around a line is dropped. A user may have
 * one password, or stored hashes (an md5 line, a sha256 line, or both); a stored hash serves only its own
 * algorithm and only the realm it was made for. A password that itself starts with "md5:" or "sha256:" cannot be
 * given as a password. Anything else is refused as {@code FILE:LINE: why} ({@link UsersFileException}), and the
 * message never repeats a password. Immutable once loaded; lookups by the bytes of a name allocate nothing.
 */
public final class CredentialStore
{
    /** One user's secrets: a password, or stored HA1 hashes in lower-case hex. */
    static final class Entry
    {
        final byte[] name;
        String password;
        byte[] md5Ha1;
        byte[] sha256Ha1;

        Entry(final byte[] name)
        {
            this.name = name;
        }

        /** The stored HA1 (hex bytes) for algorithm's hash, or null. */
        byte[] storedHa1(final DigestAlgorithm algorithm)
        {
            return switch (algorithm.base())
            {
                case MD5 -> md5Ha1;
                case SHA_256 -> sha256Ha1;
                default -> null;
            };
        }
    }

    private static final String FORMAT = "expected USER:PASSWORD, USER:md5:HEX or USER:sha256:HEX";

    private final Entry[] table;
    private final int mask;
    private final int size;

    private CredentialStore(final List<Entry> entries)
    {
        int capacity = 8;
        while (capacity < entries.size() * 2)
        {
            capacity <<= 1;
        }
        table = new Entry[capacity];
        mask = capacity - 1;
        size = entries.size();
        for (final Entry e : entries)
        {
            int slot = hash(e.name, e.name.length) & mask;
            while (table[slot] != null)
            {
                slot = (slot + 1) & mask;
            }
            table[slot] = e;
        }
    }

    /** No users: every request is challenged and nobody can answer. */
    public static CredentialStore empty()
    {
        return new CredentialStore(List.of());
    }

    /** Reads a users file; a problem is a {@link UsersFileException} naming FILE:LINE. */
    public static CredentialStore load(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new UsersFileException(file.toString(), 0, "cannot read: " + ex.getMessage());
        }
        final String text;
        try
        {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new UsersFileException(file.toString(), 0, "not UTF-8 text");
        }
        return parse(file.toString(), text);
    }

    /** Parses users file text; fileName is only for messages. */
    public static CredentialStore parse(final String fileName, final CharSequence text)
    {
        final Map<String, Entry> users = new LinkedHashMap<>();
        final String[] lines = text.toString().split("\n", -1);
        for (int n = 0; n < lines.length; n++)
        {
            final String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final int lineNo = n + 1;
            final int colon = line.indexOf(':');
            if (colon < 0)
            {
                throw new UsersFileException(fileName, lineNo, FORMAT);
            }
            final String user = line.substring(0, colon);
            final String rest = line.substring(colon + 1);
            if (user.isEmpty())
            {
                throw new UsersFileException(fileName, lineNo, "empty user name; " + FORMAT);
            }
            final String bad = badUserCharacter(user);
            if (bad != null)
            {
                throw new UsersFileException(fileName, lineNo, "user " + visible(user) + ": " + bad);
            }
            final Entry e = users.computeIfAbsent(user, u -> new Entry(u.getBytes(StandardCharsets.UTF_8)));
            final String lower = rest.toLowerCase(Locale.ROOT);
            if (lower.startsWith("md5:") || lower.startsWith("sha256:"))
            {
                final boolean md5 = lower.startsWith("md5:");
                final String hex = rest.substring(md5 ? 4 : 7).strip();
                final int want = md5 ? 32 : 64;
                if (hex.length() != want || !isHex(hex))
                {
                    throw new UsersFileException(fileName, lineNo, "user " + user + ": a stored " + (md5 ? "md5" : "sha256") +
                        " hash is " + want + " hex digits");
                }
                if (e.password != null || (md5 ? e.md5Ha1 : e.sha256Ha1) != null)
                {
                    throw new UsersFileException(fileName, lineNo, "user " + user + " is given twice");
                }
                final byte[] ha1 = hex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
                if (md5)
                {
                    e.md5Ha1 = ha1;
                }
                else
                {
                    e.sha256Ha1 = ha1;
                }
            }
            else
            {
                if (rest.isEmpty())
                {
                    throw new UsersFileException(fileName, lineNo, "user " + user + " has an empty password");
                }
                if (e.password != null || e.md5Ha1 != null || e.sha256Ha1 != null)
                {
                    throw new UsersFileException(fileName, lineNo, "user " + user + " is given twice");
                }
                e.password = rest;
            }
        }
        return new CredentialStore(new ArrayList<>(users.values()));
    }

    /** Why name is not a SIP user part we accept, or null. */
    private static String badUserCharacter(final String name)
    {
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c <= ' ' || c == 0x7F)
            {
                return "white space or a control character in the name";
            }
            if (c == '"' || c == '\\' || c == '@' || c == '<' || c == '>')
            {
                return "the name may not contain " + c;
            }
        }
        return null;
    }

    private static String visible(final String user)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < user.length(); i++)
        {
            final char c = user.charAt(i);
            sb.append(c < ' ' || c == 0x7F ? '?' : c);
        }
        return sb.toString();
    }

    private static boolean isHex(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            if (Character.digit(s.charAt(i), 16) < 0)
            {
                return false;
            }
        }
        return true;
    }

    public int size()
    {
        return size;
    }

    /** True when user (plain text, or quoted-string content as a BufferView) is in the file. Allocates. */
    public boolean contains(final CharSequence user)
    {
        final byte[] b = new byte[1024];
        final int n = user instanceof BufferView v ? Quoted.unescape(v.buffer(), v.offset(), v.length(), b) : Utf8.encode(user, b);
        return n >= 0 && find(b, n) != null;
    }

    /** The entry named by bytes [0, len) of name, or null. */
    Entry find(final byte[] name, final int len)
    {
        int slot = hash(name, len) & mask;
        for (int probes = 0; probes < table.length; probes++)
        {
            final Entry e = table[slot];
            if (e == null)
            {
                return null;
            }
            if (e.name.length == len && Arrays.equals(e.name, 0, len, name, 0, len))
            {
                return e;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    private static int hash(final byte[] b, final int len)
    {
        int h = 0x811C9DC5;
        for (int i = 0; i < len; i++)
        {
            h = (h ^ (b[i] & 0xFF)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
