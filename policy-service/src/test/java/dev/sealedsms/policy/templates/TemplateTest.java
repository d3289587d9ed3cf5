package dev.sealedsms.policy.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Parsing templates and rendering typed values: a value that does not fit is named, never quoted. */
class TemplateTest {

    private final Template otp = Template.parse("Code {code:digits(4,8)}, {{not a placeholder}}");
    private final Template order = Template.parse(
            "Hi {name:text(1,10)}, {amount:decimal} on {date:date}. Bye {name:text(1,10)}");

    @Test
    void rendersEveryPlaceholderAndLiteralBraces() {
        assertEquals("Code 0042, {not a placeholder}", otp.render(Map.of("code", "0042")));
        assertEquals("Hi Ann, 12.50 on 2026-12-01. Bye Ann",
                order.render(Map.of("name", "Ann", "amount", "12.50", "date", "2026-12-01")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "123456789", "12a4", "１２３４", "", " 1234", "12.4"})
    void refusesDigitsOutOfBoundsOrNotAsciiDigits(String code) {
        Template.InvalidValueException e = assertThrows(Template.InvalidValueException.class,
                () -> otp.render(Map.of("code", code)));

        assertEquals("code", e.placeholder());
        assertTrue(e.getMessage().contains("4 to 8 digits"), e.getMessage());
        assertFalse(!code.isEmpty() && e.getMessage().contains(code), "the value is never quoted");
    }

    @Test
    void acceptsDigitsAtTheirBounds() {
        assertEquals("Code 1234, {not a placeholder}", otp.render(Map.of("code", "1234")));
        assertEquals("Code 12345678, {not a placeholder}", otp.render(Map.of("code", "12345678")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Annabelle-Jo", "A\u0007nn", "A\u200Bnn", "\u202Enna", "Ann\nX", "A\uE000"})
    void refusesTextOutOfBoundsOrWithControlOrInvisibleCharacters(String name) {
        Template.InvalidValueException e = assertThrows(Template.InvalidValueException.class,
                () -> order.render(Map.of("name", name, "amount", "1", "date", "2026-12-01")));

        assertEquals("name", e.placeholder());
    }

    @Test
    void acceptsUnicodeLettersInText() {
        assertTrue(order.render(Map.of("name", "Zoë 李", "amount", "1", "date", "2026-12-01")).startsWith("Hi Zoë 李,"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,50", "1.", ".5", "1e3", "12.1234567", "£12"})
    void refusesAmountsThatAreNotDecimals(String amount) {
        assertEquals("amount", assertThrows(Template.InvalidValueException.class,
                () -> order.render(Map.of("name", "A", "amount", amount, "date", "2026-12-01"))).placeholder());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30", "01/12/2026", "2026-1-1", "tomorrow"})
    void refusesDatesThatAreNotRealIsoDates(String date) {
        assertEquals("date", assertThrows(Template.InvalidValueException.class,
                () -> order.render(Map.of("name", "A", "amount", "1", "date", date))).placeholder());
    }

    @Test
    void refusesAMissingValueAndAValueForNoPlaceholder() {
        Template.InvalidValueException missing = assertThrows(Template.InvalidValueException.class,
                () -> otp.render(Map.of()));
        assertEquals("placeholder 'code' has no value", missing.getMessage());

        Template.InvalidValueException extra = assertThrows(Template.InvalidValueException.class,
                () -> otp.render(Map.of("code", "1234", "link", "https://evil.example")));
        assertEquals("link", extra.placeholder());
        assertFalse(extra.getMessage().contains("evil"), extra.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Code {code:number}", "Code {code:digits", "Code code}", "Code {code}", "Code {1x:digits}",
            "Code {code:digits(0,4)}", "Code {code:digits(8,4)}", "Code {code:date(1,2)}", "Code {code:text(1,5000)}",
            "{a:digits} and {a:text}"})
    void refusesBadSyntaxUnknownTypesAndBadBounds(String text) {
        assertThrows(IllegalArgumentException.class, () -> Template.parse(text));
    }

    @Test
    void namesAnUnknownType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.parse("Code {code:number}"));
        assertEquals("placeholder 'code' has unknown type 'number' (expected digits, text, decimal or date)",
                e.getMessage());
    }
}
