#pragma once

#include <QByteArray>

// Defects of the reference peers that this implementation has to predict or warn about
// (docs/interop.md describes them).
namespace sws::quirks {

// Would the Java reference (TweetNaclFast as shipped with node-android) accept Ed25519
// signatures under this 32-byte public key? Its point decoding reads the sign bit from a
// signed Java byte, so for a key whose last byte has bit 7 set it never negates x: when the
// first square root it computes is odd, it verifies against +A instead of -A and rejects every
// signature under that key. False also for a key that is not a curve point.
bool javaReferenceAcceptsKey(const QByteArray &publicKey);

// Does this ClientHello text come from the Java reference client? It writes its members in
// the order opc, version, nonce, client_public_key (node-sws and sws write client_public_key
// before nonce). That client draws its nonces and share keys from java.util.Random, which
// one observed nonce predicts, so its sessions are readable by anyone who saw the handshake.
bool looksLikeJavaReferenceClient(const QByteArray &clientHelloText);

} // namespace sws::quirks
