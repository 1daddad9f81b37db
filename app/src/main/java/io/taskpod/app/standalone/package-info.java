/**
 * Standalone mode: everything on one machine with the embedded database, plus example runs and a start-up banner
 * so that a first-time user sees work happen and knows where to look.
 */
package io.taskpod.app.standalone;
