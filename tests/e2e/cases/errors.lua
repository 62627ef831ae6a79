print("before")
error("boom")
print("after")
