# dispatch-service: unwraps data keys to open envelopes at the edge, and computes recipient
# pseudonyms for mobile-originated messages. It can never create data keys, rotate or delete keys.
path "transit/decrypt/sms-dek-*" {
  capabilities = ["update"]
}

path "transit/hmac/sms-rcpt-*" {
  capabilities = ["update"]
}
