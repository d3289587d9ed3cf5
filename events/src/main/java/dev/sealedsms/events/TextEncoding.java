package dev.sealedsms.events;

/** How a body travels on the carrier link; it decides how many segments a message costs. */
public enum TextEncoding {
    /** GSM 03.38 default alphabet, with the extension table: 160 septets, 153 per part. */
    GSM7,
    /** UTF-16 code units: 70 per message, 67 per part. */
    UCS2
}
