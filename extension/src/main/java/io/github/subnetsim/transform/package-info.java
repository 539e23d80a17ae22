/**
 * The transform step: ready-made transform functions (drop or keep headers, drop, keep or extract JSON values,
 * canonical JSON) a canister's transform would apply. See {@code docs/transform-cookbook.md}.
 */
package io.github.subnetsim.transform;
