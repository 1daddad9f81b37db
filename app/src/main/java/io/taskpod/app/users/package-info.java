/**
 * Users of the API and the web page: creating (with a BCrypt hash of the password), listing and deleting them, and
 * checking a password; the one code path of {@code taskpod users}, the API's user endpoints, its authentication, and
 * the admin {@code standalone} creates. Depends on core and store.
 */
package io.taskpod.app.users;
