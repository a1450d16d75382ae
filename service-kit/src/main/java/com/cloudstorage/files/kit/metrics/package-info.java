/**
 * What every service's metrics share: the {@code application} tag, and the rule that
 * meters never carry tokens, names, user ids or URLs.
 */
@NullMarked
package com.cloudstorage.files.kit.metrics;

import org.jspecify.annotations.NullMarked;
