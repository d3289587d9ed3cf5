# policy-service: computes recipient pseudonyms to look up consent (sms.optouts is keyed by
# tenant + token) and to record API opt-outs/opt-ins. HMAC under the recipient keys only: it can
# never create or decrypt a data key, read key material, rotate or delete a key.
path "transit/hmac/sms-rcpt-*" {
  capabilities = ["update"]
}
