/** The {@code api_user} and {@code api_session} tables: users of the API and the web page, and their login sessions. */
package io.taskpod.store.user;
