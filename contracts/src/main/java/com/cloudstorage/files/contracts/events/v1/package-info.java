/**
 * Version 1 of the integration events: ids and facts only, never tokens or credentials.
 */
package com.cloudstorage.files.contracts.events.v1;
