/**
 * The expected-failure type and the exit codes, which every package may use: this package depends
 * on no other package of the tool.
 */
package io.netpol.failure;
