package io.voxline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file: passwords, stored hashes, comments, and mistakes named FILE:LINE. */
class CredentialStoreTest
{
    private static final String MD5 = DigestCalculator.ha1Hex(DigestAlgorithm.MD5, "102", "a.test", "two");
    private static final String SHA = DigestCalculator.ha1Hex(DigestAlgorithm.SHA_256, "102", "a.test", "two");

    private static String error(final String text)
    {
        return assertThrows(UsersFileException.class, () -> CredentialStore.parse("users.txt", text)).getMessage();
    }

    @Test
    void passwordsHashesCommentsAndBlankLines()
    {
        final CredentialStore s = CredentialStore.parse("users.txt", "# the lines of router A\n\n101:secret:with:colons\r\n" +
            "  102:md5:" + MD5.toUpperCase() + "  \n102:sha256:" + SHA + "\n103:sha256:" + SHA + "\nj\u00fcrgen:pw\n");
        assertEquals(4, s.size());
        assertTrue(s.contains("101"));
        assertTrue(s.contains("j\u00fcrgen"));
        assertTrue(s.contains(Rfc.view("10\\3")), "quoted-string content is unescaped");
        assertFalse(s.contains("104"));
        final byte[] name = "101".getBytes(StandardCharsets.UTF_8);
        assertEquals("secret:with:colons", s.find(name, 3).password);
        final CredentialStore.Entry e = s.find("102".getBytes(), 3);
        assertNull(e.password);
        assertEquals(MD5, new String(e.storedHa1(DigestAlgorithm.MD5)), "kept in lower case");
        assertEquals(SHA, new String(e.storedHa1(DigestAlgorithm.SHA_256_SESS)));
        assertNull(s.find("103".getBytes(), 3).storedHa1(DigestAlgorithm.MD5));
        assertEquals(0, CredentialStore.empty().size());
    }

    @Test
    void theReadmeExampleHoldsWhatItSays()
    {
        final CredentialStore s = CredentialStore.parse("README", "# router A's lines (102's hashes: password hunter2, realm a.test)\n" +
            "101:correct horse battery staple\n" +
            "102:md5:f175f778507d84946e7cd4ac77125d96\n" +
            "102:sha256:1f4b1c8e51f91559a07683716ab0a5a945cf148e7230f06df0bb51110561494e\n");
        final CredentialStore.Entry e = s.find("102".getBytes(), 3);
        assertEquals(DigestCalculator.ha1Hex(DigestAlgorithm.MD5, "102", "a.test", "hunter2"), new String(e.md5Ha1));
        assertEquals(DigestCalculator.ha1Hex(DigestAlgorithm.SHA_256, "102", "a.test", "hunter2"), new String(e.sha256Ha1));
        assertEquals("correct horse battery staple", s.find("101".getBytes(), 3).password);
    }

    @Test
    void mistakesAreNamedByFileAndLineAndNeverShowThePassword()
    {
        assertEquals("users.txt:2: expected USER:PASSWORD, USER:md5:HEX or USER:sha256:HEX", error("101:a\nnocolon\n"));
        assertEquals("users.txt:1: empty user name; expected USER:PASSWORD, USER:md5:HEX or USER:sha256:HEX", error(":pw"));
        assertEquals("users.txt:1: user 101 has an empty password", error("101:"));
        assertEquals("users.txt:3: user 101 is given twice", error("101:a\n#\n101:b"));
        assertEquals("users.txt:2: user 102 is given twice", error("102:md5:" + MD5 + "\n102:md5:" + MD5));
        assertEquals("users.txt:2: user 102 is given twice", error("102:pw\n102:sha256:" + SHA));
        assertEquals("users.txt:1: user 102: a stored md5 hash is 32 hex digits", error("102:md5:abc"));
        assertEquals("users.txt:1: user 102: a stored sha256 hash is 64 hex digits", error("102:sha256:" + MD5));
        assertEquals("users.txt:1: user al ice: white space or a control character in the name", error("al ice:pw"));
        assertEquals("users.txt:1: user a@b: the name may not contain @", error("a@b:pw"));
        assertFalse(error("101:topsecret\n101:topsecret").contains("topsecret"));
    }

    @Test
    void loadsAFileAndSaysWhenItCannot(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("users");
        Files.writeString(file, "101:one\n102:sha256:" + SHA + "\n");
        final CredentialStore s = CredentialStore.load(file);
        assertEquals(2, s.size());
        assertNotNull(s.find("102".getBytes(), 3));

        final UsersFileException missing = assertThrows(UsersFileException.class, () -> CredentialStore.load(dir.resolve("nope")));
        assertTrue(missing.getMessage().startsWith(dir.resolve("nope") + ": cannot read"), missing.getMessage());
        assertEquals(0, missing.line());
        Files.write(file, new byte[] {'1', ':', (byte)0xC3, '\n'});
        assertEquals(file + ": not UTF-8 text", assertThrows(UsersFileException.class, () -> CredentialStore.load(file)).getMessage());
        Files.writeString(file, "101:one\nbroken\n");
        final UsersFileException bad = assertThrows(UsersFileException.class, () -> CredentialStore.load(file));
        assertEquals(file.toString(), bad.file());
        assertEquals(2, bad.line());
    }
}
