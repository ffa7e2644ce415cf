# E-mail out through a real SMTP server (python3-aiosmtpd).
add_executable(test_mail ${CMAKE_CURRENT_LIST_DIR}/test_mail.c)
target_link_libraries(test_mail PRIVATE porte_mail PkgConfig::CMOCKA)
add_test(NAME mail.smtp COMMAND test_mail ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(mail.smtp PROPERTIES TIMEOUT 60)
