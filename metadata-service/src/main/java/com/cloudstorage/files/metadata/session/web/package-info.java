@NullMarked
package com.cloudstorage.files.metadata.session.web;

import org.jspecify.annotations.NullMarked;
