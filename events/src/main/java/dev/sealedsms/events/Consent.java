package dev.sealedsms.events;

/** A recipient's consent as the consent ledger ({@link Topics#OPTOUTS}) records it. */
public enum Consent {
    /** STOP and its synonyms: send nothing more to this recipient for this tenant. */
    OPTED_OUT,
    /** START / UNSTOP: the recipient takes messages again. */
    OPTED_IN
}
