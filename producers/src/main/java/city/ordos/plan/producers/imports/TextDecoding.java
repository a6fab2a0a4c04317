package city.ordos.plan.producers.imports;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnmappableCharacterException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Decodes a report file strictly: a byte sequence that is not valid in the declared encoding is
 * an error, never a replacement character in a project name. With {@code auto} the file is read
 * as UTF-8 and, if that fails, as GB18030 (a superset of GBK, which Chinese office software
 * writes by default).
 */
public final class TextDecoding {

    public static final String AUTO = "auto";

    public record Decoded(String text, Charset charset, String note) {}

    private TextDecoding() {}

    public static Decoded decode(byte[] bytes, String declared, String fileName) throws ImportException {
        if (declared == null || declared.equalsIgnoreCase(AUTO)) {
            try {
                return new Decoded(strict(bytes, StandardCharsets.UTF_8), StandardCharsets.UTF_8, null);
            } catch (CharacterCodingException notUtf8) {
                Charset gb = Charset.forName("GB18030");
                try {
                    return new Decoded(
                            strict(bytes, gb),
                            gb,
                            fileName + " 不是有效的 UTF-8，已按 GB18030/GBK 读取 / " + fileName
                                    + " is not valid UTF-8 (" + where(bytes, notUtf8, StandardCharsets.UTF_8)
                                    + "); read as GB18030/GBK");
                } catch (CharacterCodingException neither) {
                    throw new ImportException(
                            RejectReason.UNDECODABLE_TEXT,
                            fileName + " is neither valid UTF-8 (" + where(bytes, notUtf8, StandardCharsets.UTF_8)
                                    + ") nor GBK/GB18030; pass --encoding with the file's encoding");
                }
            }
        }
        Charset charset;
        try {
            charset = Charset.forName(declared);
        } catch (IllegalArgumentException e) {
            throw new ImportException(RejectReason.UNKNOWN_ENCODING, "unknown encoding '" + declared + "'", e);
        }
        try {
            return new Decoded(strict(bytes, charset), charset, null);
        } catch (CharacterCodingException e) {
            String hint = "";
            if (!charset.name().toUpperCase(Locale.ROOT).startsWith("GB")) {
                try {
                    strict(bytes, Charset.forName("GB18030"));
                    hint = "; it decodes as GBK/GB18030: re-run with --encoding GBK";
                } catch (CharacterCodingException alsoNot) {
                    hint = "";
                }
            }
            throw new ImportException(
                    RejectReason.UNDECODABLE_TEXT,
                    fileName + " is not valid " + charset.name() + " (" + where(bytes, e, charset) + ")" + hint);
        }
    }

    private static String strict(byte[] bytes, Charset charset) throws CharacterCodingException {
        int start = 0;
        if (charset.equals(StandardCharsets.UTF_8)
                && bytes.length >= 3
                && (bytes[0] & 0xff) == 0xEF
                && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF) {
            start = 3;
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, start, bytes.length - start));
        return chars.toString();
    }

    /** Byte offset and bytes of the first invalid sequence, for the error message. */
    private static String where(byte[] bytes, CharacterCodingException e, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        int offset = in.position();
        int len = result.isError()
                ? result.length()
                : e instanceof MalformedInputException m
                        ? m.getInputLength()
                        : e instanceof UnmappableCharacterException u ? u.getInputLength() : 1;
        int end = Math.min(bytes.length, offset + Math.max(1, len));
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return "malformed input at byte offset " + offset + ", line " + line + ": bytes "
                + HexFormat.ofDelimiter(" ").formatHex(bytes, offset, end);
    }
}
